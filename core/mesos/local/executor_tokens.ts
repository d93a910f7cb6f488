/**
 * Per-executor authentication tokens (`--authenticate-http-executors`), as the Mesos agent mints
 * them: a JWT signed with HMAC-SHA256 whose claims bind it to one framework (`fid`), executor
 * (`eid`) and container (`cid`). The key is random per agent and never leaves it (a checkpointing
 * agent keeps it in its 0600 meta dir, so recovered executors' tokens stay valid), so a token
 * cannot be forged; it reaches the executor only in MESOS_EXECUTOR_AUTHENTICATION_TOKEN.
 */
import { REALMS } from "./http_authentication.ts";
import { textResponse } from "./http_rules.ts";

/** What an executor token asserts. */
export interface ExecutorClaims {
  /** Framework id. */
  fid: string;
  /** Executor id. */
  eid: string;
  /** Container id of the executor run. */
  cid: string;
}

const HEADER = { alg: "HS256", typ: "JWT" };

function b64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(text: string): Uint8Array<ArrayBuffer> {
  const std = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(std + "=".repeat((4 - std.length % 4) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

const utf8 = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

/** 401 with a Bearer challenge; `error` adds `error="invalid_token"` and its description. */
export function bearerChallenge(error?: string): Response {
  const extra = error
    ? `, error="invalid_token", error_description="${error.replace(/"/g, "'")}"`
    : "";
  return textResponse(401, "401 Unauthorized.", {
    "WWW-Authenticate": `Bearer realm="${REALMS.agentExecutor}"${extra}`,
  });
}

/** Valid tokens remembered per agent: an executor sends the same token on every call. */
const VERIFIED_CACHE_SIZE = 1024;

/**
 * Mints and verifies the executor tokens of one agent. A token that verified is remembered
 * (tokens do not expire and the key never changes), so an executor's repeated calls skip the
 * HMAC and JSON work; the cache is per agent, so another agent's token is still refused.
 */
export class ExecutorTokens {
  readonly #key: Promise<CryptoKey>;
  /** Token → its claims, oldest first (at most VERIFIED_CACHE_SIZE). */
  readonly #verified = new Map<string, ExecutorClaims>();

  /** `key`: the HMAC key (32 random bytes by default). */
  constructor(key?: Uint8Array) {
    const secret = new Uint8Array(key ?? crypto.getRandomValues(new Uint8Array(32)));
    this.#key = crypto.subtle.importKey(
      "raw",
      secret,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
  }

  /** A signed token for one executor run. */
  async issue(claims: ExecutorClaims): Promise<string> {
    const signing = `${b64url(utf8(HEADER))}.${b64url(utf8(claims))}`;
    const sig = await crypto.subtle.sign(
      "HMAC",
      await this.#key,
      new TextEncoder().encode(signing),
    );
    return `${signing}.${b64url(new Uint8Array(sig))}`;
  }

  /** The claims of a token this agent issued, or a sentence saying why it is not valid. */
  async verify(token: string): Promise<ExecutorClaims | string> {
    const known = this.#verified.get(token);
    if (known) return { ...known };
    const claims = await this.#verify(token);
    if (typeof claims !== "string") {
      if (this.#verified.size >= VERIFIED_CACHE_SIZE) {
        this.#verified.delete(this.#verified.keys().next().value!);
      }
      this.#verified.set(token, { ...claims });
    }
    return claims;
  }

  async #verify(token: string): Promise<ExecutorClaims | string> {
    const parts = token.split(".");
    if (parts.length !== 3) return "Malformed token: expected three dot-separated parts";
    let claims: unknown;
    let valid: boolean;
    try {
      valid = await crypto.subtle.verify(
        "HMAC",
        await this.#key,
        fromB64url(parts[2]),
        new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
      );
      const header = JSON.parse(new TextDecoder().decode(fromB64url(parts[0])));
      if (header?.alg !== "HS256") return "Unsupported token algorithm";
      claims = JSON.parse(new TextDecoder().decode(fromB64url(parts[1])));
    } catch {
      return "Malformed token";
    }
    if (!valid) return "Token signature does not match";
    const c = claims as Partial<ExecutorClaims> | null;
    if (typeof c?.fid !== "string" || typeof c.eid !== "string" || typeof c.cid !== "string") {
      return "Token lacks the fid, eid and cid claims";
    }
    return { fid: c.fid, eid: c.eid, cid: c.cid };
  }

  /**
   * Checks `Authorization: Bearer <token>` of a request: the claims, or a 401 for a missing
   * or invalid token.
   */
  async authenticate(req: Request): Promise<ExecutorClaims | Response> {
    const header = req.headers.get("authorization");
    const m = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return bearerChallenge();
    const claims = await this.verify(m[1]);
    return typeof claims === "string" ? bearerChallenge(claims) : claims;
  }
}
