/**
 * ServiceAccount tokens as kube-apiserver issues them for the TokenRequest subresource
 * (`serviceaccounts/NAME/token`): an ES256 (or RS256) JWT with the issuer, the audiences, the
 * expiry and the `kubernetes.io` claim naming the namespace, the ServiceAccount and the object
 * the token is bound to.
 */
import { type SigningKey, signJwt } from "./jwt.ts";

/** kube-apiserver's default `--service-account-issuer`. */
export const DEFAULT_SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";
/** The TokenRequest default lifetime (spec.expirationSeconds), one hour. */
export const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;
/** The shortest lifetime a TokenRequest may ask for, ten minutes. */
export const MIN_TOKEN_EXPIRATION_SECONDS = 600;
/** The prefix of ServiceAccount user names. */
export const SERVICE_ACCOUNT_USER_PREFIX = "system:serviceaccount:";
/** The group of every ServiceAccount. */
export const SERVICE_ACCOUNTS_GROUP = "system:serviceaccounts";

/** The user name of a ServiceAccount: `system:serviceaccount:NS:NAME`. */
export function serviceAccountUserName(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:${name}`;
}

/** The namespace and name of a ServiceAccount user name, or undefined for other users. */
export function parseServiceAccountUserName(
  user: string,
): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return undefined;
  const parts = user.slice(SERVICE_ACCOUNT_USER_PREFIX.length).split(":");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return undefined;
  return { namespace: parts[0], name: parts[1] };
}

/** The groups of a ServiceAccount user (system:authenticated is added by the union). */
export function serviceAccountGroups(namespace: string): string[] {
  return [SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNTS_GROUP}:${namespace}`];
}

/** A name and uid, as in the token's pod/node/secret claims. */
export interface NameUid {
  name: string;
  uid: string;
}

/** The object a token is bound to (TokenRequest spec.boundObjectRef). */
export type BoundObject =
  | { kind: "Pod"; name: string; uid: string; node?: NameUid }
  | { kind: "Node"; name: string; uid: string }
  | { kind: "Secret"; name: string; uid: string };

/** The private `kubernetes.io` claim. */
export interface KubernetesClaim {
  namespace: string;
  serviceaccount: NameUid;
  pod?: NameUid;
  node?: NameUid;
  secret?: NameUid;
}

/** The claims of a ServiceAccount token. */
export interface ServiceAccountClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  "kubernetes.io": KubernetesClaim;
}

/** What to issue a token for. */
export interface TokenRequestSpec {
  namespace: string;
  /** The ServiceAccount's name and uid. */
  name: string;
  uid: string;
  /** The audiences; empty or absent means the apiserver's own (`apiAudiences`). */
  audiences?: string[];
  /** Requested lifetime in seconds (default 3600, at least 600, capped at `maxExpirationSeconds`). */
  expirationSeconds?: number;
  boundObject?: BoundObject;
}

/** Issuer settings (`--service-account-issuer`, `--api-audiences`, max expiration). */
export interface TokenIssuerOptions {
  issuer?: string;
  /** The audiences used when a request names none (default: [issuer]). */
  apiAudiences?: string[];
  /** `--service-account-max-token-expiration` in seconds; longer requests are shortened. */
  maxExpirationSeconds?: number;
  /** The clock in milliseconds (tests). */
  now?: () => number;
}

/** An issued token (TokenRequest status). */
export interface IssuedToken {
  token: string;
  /** RFC 3339, second precision. */
  expirationTimestamp: string;
  claims: ServiceAccountClaims;
}

/**
 * Why `seconds` is not an acceptable spec.expirationSeconds, in kube-apiserver's field-error
 * words, or undefined when it is.
 */
export function expirationSecondsError(seconds: number): string | undefined {
  if (!Number.isInteger(seconds)) {
    return `spec.expirationSeconds: Invalid value: ${seconds}: must be a whole number of seconds`;
  }
  if (seconds < MIN_TOKEN_EXPIRATION_SECONDS) {
    return `spec.expirationSeconds: Invalid value: ${seconds}: may not specify a duration less than 10 minutes`;
  }
  if (seconds > 2 ** 32) {
    return `spec.expirationSeconds: Invalid value: ${seconds}: may not specify a duration larger than 2^32 seconds`;
  }
  return undefined;
}

/**
 * Issues a ServiceAccount token (TokenRequest semantics). Throws an Error with the field error
 * when expirationSeconds is invalid (the caller answers 422).
 */
export function issueServiceAccountToken(
  key: SigningKey,
  spec: TokenRequestSpec,
  opts: TokenIssuerOptions = {},
): IssuedToken {
  const issuer = opts.issuer ?? DEFAULT_SERVICE_ACCOUNT_ISSUER;
  let lifetime = spec.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS;
  const invalid = expirationSecondsError(lifetime);
  if (invalid) throw new Error(invalid);
  if (opts.maxExpirationSeconds !== undefined && lifetime > opts.maxExpirationSeconds) {
    lifetime = opts.maxExpirationSeconds;
  }
  const nowSeconds = Math.floor((opts.now ?? Date.now)() / 1000);
  const audiences = spec.audiences && spec.audiences.length > 0
    ? spec.audiences
    : (opts.apiAudiences ?? [issuer]);
  const kube: KubernetesClaim = {
    namespace: spec.namespace,
    serviceaccount: { name: spec.name, uid: spec.uid },
  };
  const bound = spec.boundObject;
  if (bound?.kind === "Pod") {
    kube.pod = { name: bound.name, uid: bound.uid };
    if (bound.node) kube.node = { ...bound.node };
  } else if (bound?.kind === "Node") kube.node = { name: bound.name, uid: bound.uid };
  else if (bound?.kind === "Secret") kube.secret = { name: bound.name, uid: bound.uid };
  const claims: ServiceAccountClaims = {
    aud: [...audiences],
    exp: nowSeconds + lifetime,
    iat: nowSeconds,
    iss: issuer,
    jti: crypto.randomUUID(),
    "kubernetes.io": kube,
    nbf: nowSeconds,
    sub: serviceAccountUserName(spec.namespace, spec.name),
  };
  return {
    token: signJwt(key, { ...claims }),
    expirationTimestamp: new Date(claims.exp * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    claims,
  };
}
