/**
 * Compact JWS (JSON Web Token) signing and verification with the key kinds kube-apiserver
 * accepts for ServiceAccount tokens: ECDSA (P-256 → ES256, P-384 → ES384, P-521 → ES512) and
 * RSA (RS256), from PEM files, over node:crypto. Key ids are kube-apiserver's: the unpadded
 * base64url SHA-256 of the public key's PKIX DER.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";

/** The JWS algorithms supported. */
export type JwsAlgorithm = "ES256" | "ES384" | "ES512" | "RS256";

/** A private key ready to sign tokens. */
export interface SigningKey {
  key: KeyObject;
  alg: JwsAlgorithm;
  kid: string;
}

/** A public key ready to verify tokens. */
export interface VerifyKey {
  key: KeyObject;
  alg: JwsAlgorithm;
  kid: string;
}

const HASH: Record<JwsAlgorithm, string> = {
  ES256: "sha256",
  ES384: "sha384",
  ES512: "sha512",
  RS256: "sha256",
};

const CURVE_ALG: Record<string, JwsAlgorithm> = {
  "prime256v1": "ES256",
  "P-256": "ES256",
  "secp384r1": "ES384",
  "P-384": "ES384",
  "secp521r1": "ES512",
  "P-521": "ES512",
};

/** base64url without padding. */
export function base64url(bytes: Uint8Array | string): string {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  let bin = "";
  for (const b of data) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes base64url (padded or not); throws on characters outside the alphabet. */
export function fromBase64url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new Error("not base64url");
  const b64 = text.replaceAll("-", "+").replaceAll("_", "/").replace(/=+$/, "");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function algorithmOf(key: KeyObject, source: string): JwsAlgorithm {
  if (key.asymmetricKeyType === "rsa") return "RS256";
  if (key.asymmetricKeyType === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? "";
    const alg = CURVE_ALG[curve];
    if (alg) return alg;
    throw new Error(`${source}: the EC curve ${curve} is not supported; use P-256, P-384 or P-521`);
  }
  throw new Error(
    `${source}: a ${key.asymmetricKeyType} key cannot sign ServiceAccount tokens; use an EC or RSA key`,
  );
}

function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return base64url(new Uint8Array(createHash("sha256").update(der).digest()));
}

/** The PEM blocks of a file, each with its label ("PUBLIC KEY", "EC PRIVATE KEY", …). */
function pemBlocks(pem: string): { label: string; text: string }[] {
  const re = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;
  return [...pem.matchAll(re)].map((m) => ({ label: m[1], text: m[0] }));
}

/** Loads the private signing key (`--service-account-signing-key-file`) from PEM text. */
export function signingKeyFromPem(pem: string, source = "the signing key"): SigningKey {
  const block = pemBlocks(pem).find((b) => b.label.endsWith("PRIVATE KEY"));
  if (!block) {
    throw new Error(`${source} holds no PEM private key block; give an EC or RSA private key`);
  }
  const key = createPrivateKey(block.text);
  return { key, alg: algorithmOf(key, source), kid: keyId(createPublicKey(key)) };
}

/**
 * Loads verification keys (`--service-account-key-file`): every PUBLIC KEY, private key (its
 * public half) and CERTIFICATE block in each PEM text.
 */
export function verifyKeysFromPem(
  pems: string[],
  source = "the service account key file",
): VerifyKey[] {
  const keys: VerifyKey[] = [];
  for (const pem of pems) {
    for (const block of pemBlocks(pem)) {
      let key: KeyObject;
      if (block.label.endsWith("PRIVATE KEY")) key = createPublicKey(createPrivateKey(block.text));
      else if (block.label === "PUBLIC KEY" || block.label === "RSA PUBLIC KEY") {
        key = createPublicKey(block.text);
      } else if (block.label === "CERTIFICATE") key = createPublicKey(block.text);
      else continue;
      keys.push({ key, alg: algorithmOf(key, source), kid: keyId(key) });
    }
  }
  if (keys.length === 0) throw new Error(`${source} holds no PEM public or private key`);
  return keys;
}

/** Signs `claims` as a compact JWS with header {alg, kid}. */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const input = `${base64url(JSON.stringify({ alg: key.alg, kid: key.kid }))}.${
    base64url(JSON.stringify(claims))
  }`;
  const signature = sign(HASH[key.alg], new TextEncoder().encode(input), {
    key: key.key,
    dsaEncoding: "ieee-p1363",
  });
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

/** A token split and decoded but not yet verified. */
export interface ParsedJwt {
  header: { alg?: string; kid?: string; typ?: string };
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Uint8Array;
}

/** Splits and decodes a compact JWS; undefined when `token` is not shaped like one. */
export function parseJwt(token: string): ParsedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(new TextDecoder().decode(fromBase64url(parts[0])));
    const claims = JSON.parse(new TextDecoder().decode(fromBase64url(parts[1])));
    if (typeof header !== "object" || header === null) return undefined;
    if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return undefined;
    return {
      header,
      claims,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: fromBase64url(parts[2]),
    };
  } catch {
    return undefined;
  }
}

/** Tokens each key verified, remembered per key (at most SIGNATURE_CACHE_SIZE each). */
const verifiedBy = new WeakMap<KeyObject, Set<string>>();
const SIGNATURE_CACHE_SIZE = 4096;

/**
 * True when one of `keys` (matching alg, and kid when the token names one) signed `jwt`.
 * Every request of a client carries the same token, and the signature check was most of the
 * apiserver's authentication cost, so a signature a key verified is remembered for the exact
 * signed bytes and signature (claims such as expiry are still checked by the caller each time).
 */
export function verifyJwtSignature(jwt: ParsedJwt, keys: VerifyKey[]): boolean {
  const data = new TextEncoder().encode(jwt.signingInput);
  const id = `${jwt.signingInput}.${base64url(jwt.signature)}`;
  return keys.some((k) => {
    if (k.alg !== jwt.header.alg || (jwt.header.kid !== undefined && jwt.header.kid !== k.kid)) {
      return false;
    }
    const known = verifiedBy.get(k.key);
    if (known?.has(id)) return true;
    if (!verify(HASH[k.alg], data, { key: k.key, dsaEncoding: "ieee-p1363" }, jwt.signature)) {
      return false;
    }
    const set = known ?? new Set<string>();
    if (set.size >= SIGNATURE_CACHE_SIZE) set.delete(set.values().next().value!);
    set.add(id);
    verifiedBy.set(k.key, set);
    return true;
  });
}
