/**
 * Request authentication: with a token table configured, every request but the health checks
 * needs `Authorization: Bearer <token>`; without one the server is open (as the seed's was).
 */

import { makeStatus, type Status } from "../../api/status.ts";
import type { UserInfo } from "./token_file.ts";

/** The outcome of authenticating one request. */
export type AuthResult = { ok: true; user?: UserInfo } | { ok: false; status: Status };

/** Authenticates a request from its path and headers. */
export type Authenticator = (path: string, headers: Headers) => AuthResult;

/** Paths answered without authentication (health checks). */
const PUBLIC_PREFIXES = ["/healthz", "/readyz", "/livez"];

/** True for paths served to anyone (`/healthz`, `/readyz`, `/livez` and their sub-checks). */
export function isPublicPath(path: string): boolean {
  return PUBLIC_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/** The 401 Status Kubernetes sends for a missing or wrong credential. */
export function unauthorizedStatus(): Status {
  return makeStatus(401, "Unauthorized", "Unauthorized");
}

function bearerToken(headers: Headers): string | undefined {
  const value = headers.get("authorization");
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

/**
 * An authenticator over a static token table; `undefined` tokens means authentication is off
 * and every request passes anonymously.
 */
export function tokenAuthenticator(tokens: Map<string, UserInfo> | undefined): Authenticator {
  if (!tokens) return () => ({ ok: true });
  return (path, headers) => {
    if (isPublicPath(path)) return { ok: true };
    const token = bearerToken(headers);
    const user = token === undefined ? undefined : tokens.get(token);
    return user ? { ok: true, user } : { ok: false, status: unauthorizedStatus() };
  };
}
