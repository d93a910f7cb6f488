/**
 * HTTP authentication of mesos-local as the Mesos master and agent do it: Basic credentials
 * checked against the credentials file for the scheduler API (`--authenticate-frameworks`),
 * the read-only operator endpoints (`--authenticate-http-readonly`) and the read-write ones
 * (`--authenticate-http-readwrite`). A missing header, wrong scheme, bad base64, unknown
 * principal or wrong secret all answer the same 401 with `WWW-Authenticate: Basic realm=…`.
 */
import type { Credential } from "./credentials.ts";
import { textResponse } from "./http_rules.ts";

/** What mesos-local authenticates (every switch defaults to off). */
export interface LocalAuthentication {
  /** Principals and secrets accepted by the master and the agents. */
  credentials: Credential[];
  /** Scheduler API calls need Basic credentials; FrameworkInfo.principal must match. */
  frameworks?: boolean;
  /** /state, /metrics and the other read-only endpoints need Basic credentials. */
  httpReadonly?: boolean;
  /** /teardown and the other write endpoints need Basic credentials. */
  httpReadwrite?: boolean;
  /** The agents' executor API needs the executor's own bearer token. */
  executors?: boolean;
}

/** The realms Mesos names in WWW-Authenticate. */
export const REALMS = {
  scheduler: "mesos-master-scheduler",
  masterReadonly: "mesos-master-readonly",
  masterReadwrite: "mesos-master-readwrite",
  agentReadonly: "mesos-agent-readonly",
  agentReadwrite: "mesos-agent-readwrite",
  agentExecutor: "mesos-agent-executor",
} as const;

/** Compares two strings in time that depends only on the length of `given`. */
export function timingSafeEqual(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ (b.length > 0 ? b[i % b.length] : 0);
  return diff === 0;
}

/** 401 with a Basic challenge for `realm`, body `401 Unauthorized.` as libprocess sends it. */
export function basicChallenge(realm: string): Response {
  return textResponse(401, "401 Unauthorized.", {
    "WWW-Authenticate": `Basic realm="${realm}"`,
  });
}

function decodeBasic(header: string | null): { principal: string; secret: string } | undefined {
  const m = header === null ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return undefined;
  let text: string;
  try {
    const bin = atob(m[1]);
    text = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(bin, (c) => c.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
  const parts = text.split(":");
  if (parts.length !== 2) return undefined;
  return { principal: parts[0], secret: parts[1] };
}

/** Checks Basic credentials and the read-only / read-write switches of one process. */
export class HttpAuthentication {
  readonly #secrets = new Map<string, string>();

  constructor(readonly config: LocalAuthentication) {
    for (const c of config.credentials) this.#secrets.set(c.principal, c.secret);
  }

  /** The authenticated principal, or a 401 for `realm`. */
  authenticate(req: Request, realm: string): string | Response {
    const given = decodeBasic(req.headers.get("authorization"));
    if (!given) return basicChallenge(realm);
    const expected = this.#secrets.get(given.principal);
    // Compare against something even for an unknown principal, so both cost the same.
    const ok = timingSafeEqual(given.secret, expected ?? given.secret + "\u0000");
    return ok && expected !== undefined ? given.principal : basicChallenge(realm);
  }

  /** For the scheduler API: the principal, undefined when frameworks are not authenticated. */
  scheduler(req: Request): string | undefined | Response {
    return this.config.frameworks ? this.authenticate(req, REALMS.scheduler) : undefined;
  }

  /** A 401 when read-only endpoints are authenticated and `req` fails, else undefined. */
  readonly(req: Request, realm: string): Response | undefined {
    if (!this.config.httpReadonly) return undefined;
    const r = this.authenticate(req, realm);
    return r instanceof Response ? r : undefined;
  }

  /** A 401 when read-write endpoints are authenticated and `req` fails, else undefined. */
  readwrite(req: Request, realm: string): Response | undefined {
    if (!this.config.httpReadwrite) return undefined;
    const r = this.authenticate(req, realm);
    return r instanceof Response ? r : undefined;
  }
}

/** Authentication that lets everything through (no switch on, no credentials). */
export const NO_AUTHENTICATION = new HttpAuthentication({ credentials: [] });

/** Checks that a configuration that authenticates over Basic has credentials to check. */
export function validateAuthentication(a: LocalAuthentication): void {
  const basic = [
    a.frameworks && "--authenticate-frameworks",
    a.httpReadonly && "--authenticate-http-readonly",
    a.httpReadwrite && "--authenticate-http-readwrite",
  ].filter(Boolean);
  if (basic.length > 0 && a.credentials.length === 0) {
    throw new Error(
      `${basic.join(", ")} need credentials to check; pass --credentials=FILE ` +
        `(JSON {"credentials":[{"principal":"p","secret":"s"}]}).`,
    );
  }
}
