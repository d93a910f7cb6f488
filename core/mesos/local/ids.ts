/**
 * Identifiers shaped like a real Mesos master's: the master id is
 * `<yyyymmdd>-<hhmmss>-<ip as uint32>-<port>-<pid>`, framework ids append a 4-digit sequence,
 * agent ids `-S<n>`, offer ids `-O<n>`.
 */

/** 127.0.0.1 as Mesos writes it in MasterInfo.ip (network byte order read as a host uint32). */
export const LOOPBACK_IP_UINT32 = 16777343;

const issued = new Set<string>();

/**
 * Builds a master id for a master listening on `port`. A master restarted within the same
 * second in this process gets the next second, so ids (and the offer ids under them) never
 * repeat.
 */
export function newMasterId(port: number, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  for (let t = now.getTime();; t += 1000) {
    const d = new Date(t);
    const date = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`;
    const time = `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
    const id = `${date}-${time}-${LOOPBACK_IP_UINT32}-${port}-${Deno.pid}`;
    if (!issued.has(id)) {
      issued.add(id);
      return id;
    }
  }
}

/** Hands out framework, agent and offer ids under one master id. */
export class IdGenerator {
  #frameworks = 0;
  #agents = 0;
  #offers = 0;

  constructor(readonly masterId: string) {}

  /** A new framework id (`<master>-0000`, `<master>-0001`, …). */
  framework(): string {
    return `${this.masterId}-${String(this.#frameworks++).padStart(4, "0")}`;
  }

  /** A new agent id (`<master>-S0`, …). */
  agent(): string {
    return `${this.masterId}-S${this.#agents++}`;
  }

  /** A new offer id (`<master>-O0`, …). */
  offer(): string {
    return `${this.masterId}-O${this.#offers++}`;
  }
}

/** A random UUID in its text form (stream ids, executor run ids). */
export function uuidText(): string {
  return crypto.randomUUID();
}

/** A fresh random v4 UUID as the base64 of its 16 raw bytes (the `uuid` of reliable updates). */
export function uuidBase64(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return btoa(String.fromCharCode(...bytes));
}

/**
 * True when `b64` is the base64 of exactly 16 bytes forming an RFC-4122 UUID with a known version
 * nibble (1–5), as the agent requires of executor updates and the master of acknowledgements.
 */
export function isValidUuidBase64(b64: string | undefined): boolean {
  if (!b64) return false;
  let raw: string;
  try {
    raw = atob(b64);
  } catch {
    return false;
  }
  if (raw.length !== 16) return false;
  const version = raw.charCodeAt(6) >> 4;
  return version >= 1 && version <= 5;
}

/**
 * Checks a task or executor id by Mesos' rules: 1–255 characters, not "." or "..", no '/', '\'
 * or control characters. Returns the reason it is invalid, or undefined.
 */
export function invalidIdReason(id: string): string | undefined {
  if (id.length === 0) return "ID must not be empty";
  if (id.length > 255) return "ID must not be greater than 255 characters";
  if (id === "." || id === "..") return `'${id}' is disallowed`;
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f/\\]/.test(id)) return `'${id}' contains invalid characters`;
  return undefined;
}
