/**
 * Node credentials for executors: JWTs signed with the apiserver's service-account key whose
 * subject is `system:node:<node>` (group `system:nodes`), so RBAC's node role and the node
 * restriction apply. The scheduler asks for one per agent through `POST
 * /api/v1/nodes/<node>/token` (a k8sm subresource only the scheduler's role may create) and
 * hands it to the executor inside task data. Tokens of other issuers are left to others.
 */
import { parseJwt, type SigningKey, signJwt, verifyJwtSignature, type VerifyKey } from "./jwt.ts";
import type { TokenAuthenticator, TokenVerdict } from "./authenticator.ts";
import { NODE_USER_PREFIX, NODES_GROUP } from "./user_info.ts";

/** The issuer (and audience) of node tokens. */
export const NODE_TOKEN_ISSUER = "k8sm:nodes";
/** Node tokens live a week unless asked otherwise (the framework's failover timeout). */
export const DEFAULT_NODE_TOKEN_SECONDS = 7 * 24 * 3600;
/** The shortest node token lifetime accepted in a request. */
export const MIN_NODE_TOKEN_SECONDS = 600;

/** An issued node token. */
export interface IssuedNodeToken {
  token: string;
  /** RFC 3339, seconds precision. */
  expirationTimestamp: string;
}

/** Signs a node token for `nodeName`, valid `seconds` (default one week). */
export function issueNodeToken(
  key: SigningKey,
  nodeName: string,
  seconds = DEFAULT_NODE_TOKEN_SECONDS,
  now: () => number = Date.now,
): IssuedNodeToken {
  if (!Number.isInteger(seconds) || seconds < MIN_NODE_TOKEN_SECONDS) {
    throw new Error(
      `spec.expirationSeconds: Invalid value: ${seconds}: may not specify a duration less than ` +
        `${MIN_NODE_TOKEN_SECONDS} seconds`,
    );
  }
  const iat = Math.floor(now() / 1000);
  const exp = iat + seconds;
  const token = signJwt(key, {
    iss: NODE_TOKEN_ISSUER,
    aud: [NODE_TOKEN_ISSUER],
    sub: `${NODE_USER_PREFIX}${nodeName}`,
    iat,
    nbf: iat,
    exp,
    jti: crypto.randomUUID(),
  });
  return {
    token,
    expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/** Options of nodeTokenAuthenticator. */
export interface NodeTokenAuthOptions {
  keys: VerifyKey[];
  /** True while the Node exists (a deleted Node's tokens stop working). */
  nodeExists: (name: string) => Promise<boolean>;
  now?: () => number;
}

/** A TokenAuthenticator for node tokens. */
export function nodeTokenAuthenticator(opts: NodeTokenAuthOptions): TokenAuthenticator {
  return async (token: string): Promise<TokenVerdict> => {
    const jwt = parseJwt(token);
    if (!jwt || jwt.claims.iss !== NODE_TOKEN_ISSUER) return undefined;
    const fail = (error: string): TokenVerdict => ({ error: `node token: ${error}` });
    if (!verifyJwtSignature(jwt, opts.keys)) return fail("invalid signature");
    const c = jwt.claims;
    const now = Math.floor((opts.now ?? Date.now)() / 1000);
    if (typeof c.exp !== "number" || now >= c.exp) return fail("the token has expired");
    if (typeof c.nbf === "number" && now < c.nbf) return fail("the token is not valid yet (nbf)");
    const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
    if (!aud.includes(NODE_TOKEN_ISSUER)) return fail("the token is not meant for this apiserver");
    const sub = typeof c.sub === "string" ? c.sub : "";
    const node = sub.startsWith(NODE_USER_PREFIX) ? sub.slice(NODE_USER_PREFIX.length) : "";
    if (node === "") return fail(`the subject ${JSON.stringify(sub)} names no node`);
    if (!await opts.nodeExists(node)) return fail(`node ${node} does not exist (any more)`);
    return {
      method: "node-token",
      user: { name: sub, uid: "", groups: [NODES_GROUP] },
    };
  };
}
