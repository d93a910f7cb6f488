/**
 * Request authentication as kube-apiserver does it: a chain of authenticators (client
 * certificates, static bearer tokens, ServiceAccount tokens) whose first success names the user;
 * a request that presents a credential nobody accepts is rejected, one without any credential is
 * anonymous, which the caller answers with 401 except on the health endpoints.
 */
import type { ConnInfo } from "../apiserver/conn_info.ts";
import { fromBase64url } from "./jwt.ts";
import { ANONYMOUS_USER, AUTHENTICATED_GROUP, type UserInfo } from "./user_info.ts";

/** How a request was authenticated. */
export type AuthMethod = "x509" | "token-file" | "serviceaccount" | "node-token";

/** The outcome of authenticating one request. */
export type AuthOutcome =
  | { kind: "authenticated"; user: UserInfo; method: AuthMethod }
  | { kind: "no-credentials" }
  | { kind: "rejected"; reason: string };

/** Authenticates one request from its headers and the connection it came on. */
export type Authenticator = (
  req: Request,
  conn: ConnInfo | undefined,
) => Promise<AuthOutcome>;

/**
 * Paths served to anyone, authenticated or not: health checks and their sub-checks, and the
 * dashboard's static files (`/ui/`, which hold no data: every data request they make goes to
 * the API with the signed-in user's token).
 */
const PUBLIC_PREFIXES = ["/healthz", "/livez", "/readyz", "/ui"];

/**
 * True for `/healthz`, `/livez`, `/readyz`, `/ui` and their sub-paths: the only paths an
 * anonymous request may reach (issue 10: 401 everywhere else, `/version` included).
 */
export function isPublicPath(path: string): boolean {
  return PUBLIC_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/**
 * The user with `system:authenticated` added once (kube-apiserver's AuthenticatedGroupAdder):
 * every authenticated user is in it, whatever its credential listed.
 */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.name === ANONYMOUS_USER || user.groups.includes(AUTHENTICATED_GROUP)) return user;
  return { ...user, groups: [...user.groups, AUTHENTICATED_GROUP] };
}

/**
 * Chains authenticators in order. The first that authenticates wins (its user gains
 * `system:authenticated`); if none does and at least one rejected a credential, the request is
 * rejected with every reason; otherwise it carried no credentials.
 */
export function unionAuthenticator(...authenticators: Authenticator[]): Authenticator {
  return async (req, conn) => {
    const reasons: string[] = [];
    for (const authenticate of authenticators) {
      const outcome = await authenticate(req, conn);
      if (outcome.kind === "authenticated") {
        return { ...outcome, user: withAuthenticatedGroup(outcome.user) };
      }
      if (outcome.kind === "rejected") reasons.push(outcome.reason);
    }
    return reasons.length > 0
      ? { kind: "rejected", reason: reasons.join("; ") }
      : { kind: "no-credentials" };
  };
}

/** The WebSocket subprotocol prefix carrying a bearer token (browsers cannot set headers). */
export const WEBSOCKET_BEARER_PREFIX = "base64url.bearer.authorization.k8s.io.";

/**
 * The bearer token of an `Authorization: Bearer <token>` header or, on a WebSocket upgrade
 * without one, of a `base64url.bearer.authorization.k8s.io.<token>` subprotocol (as
 * kube-apiserver's WebSocket protocol authenticator reads it); undefined without either.
 */
export function bearerToken(headers: Headers): string | undefined {
  const value = headers.get("authorization");
  if (!value) return websocketBearerToken(headers);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value.trim());
  return match?.[1];
}

/**
 * A `Sec-WebSocket-Protocol` value without its bearer-token entries: what is relayed to an
 * executor or a proxied backend (a client credential never leaves the apiserver); "" if none is
 * left.
 */
export function withoutBearerProtocols(value: string): string {
  return value.split(",").map((p) => p.trim()).filter((p) =>
    p !== "" && !p.startsWith(WEBSOCKET_BEARER_PREFIX)
  ).join(", ");
}

function websocketBearerToken(headers: Headers): string | undefined {
  if (headers.get("upgrade")?.toLowerCase() !== "websocket") return undefined;
  for (const p of (headers.get("sec-websocket-protocol") ?? "").split(",")) {
    const proto = p.trim();
    if (!proto.startsWith(WEBSOCKET_BEARER_PREFIX)) continue;
    try {
      const bytes = fromBase64url(proto.slice(WEBSOCKET_BEARER_PREFIX.length));
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** What a token authenticator says about one bearer token. */
export type TokenVerdict =
  | { user: UserInfo; method: AuthMethod }
  | { error: string }
  | undefined;

/** Judges one bearer token; undefined means "not a token of mine". */
export type TokenAuthenticator = (token: string) => Promise<TokenVerdict>;

/**
 * An authenticator over `Authorization: Bearer` tokens: no header (or another scheme) is
 * no-credentials; a token one of `tokenAuthenticators` accepts authenticates; any other token is
 * rejected (kube-apiserver answers an unknown token with 401, never anonymous access).
 */
export function bearerAuthenticator(...tokenAuthenticators: TokenAuthenticator[]): Authenticator {
  return async (req) => {
    const token = bearerToken(req.headers);
    if (token === undefined) return { kind: "no-credentials" };
    const errors: string[] = [];
    for (const judge of tokenAuthenticators) {
      const verdict = await judge(token);
      if (verdict === undefined) continue;
      if ("error" in verdict) errors.push(verdict.error);
      else return { kind: "authenticated", user: verdict.user, method: verdict.method };
    }
    return {
      kind: "rejected",
      reason: errors.length > 0 ? errors.join("; ") : "invalid bearer token",
    };
  };
}

/** A token authenticator over a static token table (`--token-auth-file`). */
export function staticTokenAuthenticator(tokens: Map<string, UserInfo>): TokenAuthenticator {
  return (token) => {
    const user = tokens.get(token);
    return Promise.resolve(user ? { user, method: "token-file" } : undefined);
  };
}
