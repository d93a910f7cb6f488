/**
 * ServiceAccount token authentication: a bearer JWT from one of our issuers is accepted when a
 * trusted key signed it, it is within its validity window, one of its audiences is ours, and
 * the ServiceAccount (and the pod or node it is bound to) still exists with the uid the token
 * names. The user is `system:serviceaccount:NS:NAME` in groups `system:serviceaccounts` and
 * `system:serviceaccounts:NS`, with the binding in `extra` as kube-apiserver sets it.
 */
import type { TokenAuthenticator, TokenVerdict } from "./authenticator.ts";
import { parseJwt, verifyJwtSignature, type VerifyKey } from "./jwt.ts";
import {
  DEFAULT_SERVICE_ACCOUNT_ISSUER,
  type KubernetesClaim,
  type NameUid,
  serviceAccountGroups,
  serviceAccountUserName,
} from "./service_account_token.ts";

/** Resolves true when the object NS/NAME still exists with this uid. */
export type ObjectLookup = (
  namespace: string,
  name: string,
  uid: string,
) => Promise<boolean>;

/** Settings of the ServiceAccount token authenticator. */
export interface ServiceAccountAuthOptions {
  keys: VerifyKey[];
  /** Accepted issuers (`--service-account-issuer`, repeatable); the default issuer if empty. */
  issuers?: string[];
  /** Accepted audiences (`--api-audiences`); default: the issuers. */
  audiences?: string[];
  /** True when the ServiceAccount NS/NAME exists with this uid. */
  serviceAccountExists: ObjectLookup;
  /** True when the pod a token is bound to exists with this uid (checked when given). */
  podExists?: ObjectLookup;
  /** True when the node a token is bound to exists with this uid (namespace ""; when given). */
  nodeExists?: ObjectLookup;
  /** The clock in milliseconds (tests). */
  now?: () => number;
}

/** `extra` keys kube-apiserver sets on ServiceAccount users. */
export const EXTRA_POD_NAME = "authentication.kubernetes.io/pod-name";
/** The uid of the pod a token is bound to. */
export const EXTRA_POD_UID = "authentication.kubernetes.io/pod-uid";
/** The node a token is bound to. */
export const EXTRA_NODE_NAME = "authentication.kubernetes.io/node-name";
/** The uid of the node a token is bound to. */
export const EXTRA_NODE_UID = "authentication.kubernetes.io/node-uid";
/** `JTI=<jti>`: which credential authenticated. */
export const EXTRA_CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

function isNameUid(v: unknown): v is NameUid {
  const o = v as NameUid | undefined;
  return typeof o === "object" && o !== null && typeof o.name === "string" &&
    o.name !== "" && typeof o.uid === "string";
}

function kubernetesClaim(v: unknown): KubernetesClaim | undefined {
  const c = v as KubernetesClaim | undefined;
  if (typeof c !== "object" || c === null || typeof c.namespace !== "string") return undefined;
  if (c.namespace === "" || !isNameUid(c.serviceaccount)) return undefined;
  for (const k of ["pod", "node", "secret"] as const) {
    if (c[k] !== undefined && !isNameUid(c[k])) return undefined;
  }
  return c;
}

function audiencesOf(aud: unknown): string[] {
  if (typeof aud === "string") return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === "string") : [];
}

/** A TokenAuthenticator for ServiceAccount JWTs; tokens of other issuers are left to others. */
export function serviceAccountTokenAuthenticator(
  opts: ServiceAccountAuthOptions,
): TokenAuthenticator {
  const issuers = opts.issuers && opts.issuers.length > 0
    ? opts.issuers
    : [DEFAULT_SERVICE_ACCOUNT_ISSUER];
  const audiences = opts.audiences && opts.audiences.length > 0 ? opts.audiences : issuers;
  return async (token: string): Promise<TokenVerdict> => {
    const jwt = parseJwt(token);
    if (!jwt || typeof jwt.claims.iss !== "string" || !issuers.includes(jwt.claims.iss)) {
      return undefined;
    }
    const fail = (error: string): TokenVerdict => ({ error: `service account token: ${error}` });
    if (!verifyJwtSignature(jwt, opts.keys)) return fail("invalid signature");
    const c = jwt.claims;
    const now = Math.floor((opts.now ?? Date.now)() / 1000);
    if (typeof c.exp !== "number") return fail("the token has no expiry (exp)");
    if (now >= c.exp) return fail("the token has expired");
    if (typeof c.nbf === "number" && now < c.nbf) return fail("the token is not valid yet (nbf)");
    const aud = audiencesOf(c.aud);
    if (!aud.some((a) => audiences.includes(a))) {
      return fail(
        `token audiences ${JSON.stringify(aud)} is invalid for the target audiences ${
          JSON.stringify(audiences)
        }`,
      );
    }
    const kube = kubernetesClaim(c["kubernetes.io"]);
    if (!kube) return fail("the kubernetes.io claim is missing or malformed");
    const ns = kube.namespace;
    const sa = kube.serviceaccount;
    const user = serviceAccountUserName(ns, sa.name);
    if (c.sub !== user) return fail(`the subject ${JSON.stringify(c.sub)} does not match ${user}`);
    if (!await opts.serviceAccountExists(ns, sa.name, sa.uid)) {
      return fail(`service account ${ns}/${sa.name} (uid ${sa.uid}) has been deleted`);
    }
    const extra: Record<string, string[]> = {};
    if (kube.pod) {
      if (opts.podExists && !await opts.podExists(ns, kube.pod.name, kube.pod.uid)) {
        return fail(`pod ${ns}/${kube.pod.name} (uid ${kube.pod.uid}) has been deleted`);
      }
      extra[EXTRA_POD_NAME] = [kube.pod.name];
      extra[EXTRA_POD_UID] = [kube.pod.uid];
    }
    if (kube.node) {
      if (
        !kube.pod && opts.nodeExists && !await opts.nodeExists("", kube.node.name, kube.node.uid)
      ) {
        return fail(`node ${kube.node.name} (uid ${kube.node.uid}) has been deleted`);
      }
      extra[EXTRA_NODE_NAME] = [kube.node.name];
      extra[EXTRA_NODE_UID] = [kube.node.uid];
    }
    if (typeof c.jti === "string" && c.jti !== "") extra[EXTRA_CREDENTIAL_ID] = [`JTI=${c.jti}`];
    return {
      method: "serviceaccount",
      user: {
        name: user,
        uid: sa.uid,
        groups: serviceAccountGroups(ns),
        ...(Object.keys(extra).length > 0 ? { extra } : {}),
      },
    };
  };
}
