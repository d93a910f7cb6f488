/**
 * The apiserver's single-use dashboard sign-in codes. A code is 32 random bytes (base64url) that
 * stands for one credential (a ServiceAccount token) for a few minutes; the page trades it once
 * for the token, and then it is gone. Codes are kept in memory only, and only as their SHA-256
 * hash: a lookup by hash compares no secret byte by byte, and the store holds nothing a reader
 * of the process' memory could turn back into a working link. A restart of the apiserver
 * forgets every unused code.
 */
import { base64url } from "../auth/jwt.ts";

/** How long a sign-in code works (the token it stands for lives longer: one hour). */
export const LOGIN_CODE_SECONDS = 600;
/** The most unused codes kept; minting one more drops the oldest. */
export const MAX_LOGIN_CODES = 100;

/** The credential a code stands for. */
export interface LoginCredential {
  token: string;
  /** When the token stops working (RFC 3339). */
  expires: string;
}

/** A freshly minted code. */
export interface MintedLoginCode {
  code: string;
  /** When the code stops working unused (RFC 3339). */
  expires: string;
  /** When the credential it stands for stops working (RFC 3339). */
  tokenExpires: string;
}

/** Options of LoginCodes (for tests: a clock). */
export interface LoginCodeOptions {
  seconds?: number;
  max?: number;
  now?: () => number;
}

async function digest(code: string): Promise<string> {
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(code));
  return base64url(new Uint8Array(hash));
}

/** The store of unused codes, by hash. */
export class LoginCodes {
  readonly #codes = new Map<string, { credential: LoginCredential; until: number }>();
  readonly #seconds: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(opts: LoginCodeOptions = {}) {
    this.#seconds = opts.seconds ?? LOGIN_CODE_SECONDS;
    this.#max = opts.max ?? MAX_LOGIN_CODES;
    this.#now = opts.now ?? Date.now;
  }

  /** How many unused, unexpired codes there are. */
  get size(): number {
    this.#prune();
    return this.#codes.size;
  }

  /** A new code standing for `credential`. */
  async mint(credential: LoginCredential): Promise<MintedLoginCode> {
    this.#prune();
    while (this.#codes.size >= this.#max) {
      this.#codes.delete(this.#codes.keys().next().value!);
    }
    const code = base64url(crypto.getRandomValues(new Uint8Array(32)));
    const until = this.#now() + this.#seconds * 1000;
    this.#codes.set(await digest(code), { credential, until });
    return {
      code,
      expires: new Date(until).toISOString().replace(/\.\d{3}Z$/, "Z"),
      tokenExpires: credential.expires,
    };
  }

  /**
   * The credential of `code`, once: the code is removed by this call. Undefined for a code that
   * is unknown, already used or expired (callers refuse all three alike).
   */
  async redeem(code: string): Promise<LoginCredential | undefined> {
    if (code.length === 0 || code.length > 128) return undefined;
    const key = await digest(code);
    const entry = this.#codes.get(key);
    if (!entry) return undefined;
    this.#codes.delete(key);
    return entry.until > this.#now() ? entry.credential : undefined;
  }

  #prune(): void {
    const now = this.#now();
    for (const [k, v] of this.#codes) if (v.until <= now) this.#codes.delete(k);
  }
}
