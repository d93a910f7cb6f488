/**
 * Verifies a TLS client's certificate chain against the client CAs (`--client-ca-file`) and
 * yields the identity it carries: CN = user, O = groups (kube-apiserver's x509 authenticator).
 */
import { createHash, X509Certificate } from "node:crypto";
import { Buffer } from "node:buffer";
import { parseCertificate } from "./certificate_fields.ts";
import { pemDecodeAll } from "./pem.ts";

const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
const ANY_USAGE = "2.5.29.37.0";
const MAX_INTERMEDIATES = 4;

/** The identity in a verified client certificate, or why it was refused. */
export type ClientCertificateResult = { user: string; groups: string[] } | { error: string };

/**
 * Checks that the leaf of `chainDer` (DER, leaf first, as the TLS peer sent it) was issued and
 * signed by one of the CA certificates in `caPem` (each string may hold several PEM blocks),
 * directly or through CA certificates later in the chain; that every certificate on the path is
 * within its validity at `now`; and that the leaf allows clientAuth when it has extKeyUsage.
 */
export function verifyClientCertificate(
  chainDer: Uint8Array[],
  caPem: string[],
  now: Date = new Date(),
): ClientCertificateResult {
  if (chainDer.length === 0) return { error: "no client certificate was presented" };
  let roots: X509Certificate[];
  try {
    roots = trustedRoots(caPem);
  } catch (e) {
    return { error: `the client CA bundle cannot be read: ${(e as Error).message}` };
  }
  if (roots.length === 0) return { error: "no client CA certificate is configured" };
  let leafFields;
  let chain: X509Certificate[];
  try {
    leafFields = parseCertificate(chainDer[0]);
    chain = chainDer.map((d) => new X509Certificate(Buffer.from(d)));
  } catch (e) {
    return { error: `the client certificate cannot be read: ${(e as Error).message}` };
  }
  const expiry = validityError(chainDer[0], now);
  if (expiry) return { error: expiry };
  const usages = leafFields.extKeyUsage;
  if (usages && !usages.includes(CLIENT_AUTH) && !usages.includes(ANY_USAGE)) {
    return { error: "the client certificate is not valid for client authentication (extKeyUsage)" };
  }
  let current = chain[0];
  const intermediates = chainDer.slice(1).map((der, i) => ({ der, cert: chain[i + 1] }));
  for (let depth = 0; depth <= MAX_INTERMEDIATES; depth++) {
    if (roots.some((ca) => signedBy(current, ca))) {
      if (!leafFields.commonName) {
        return { error: "the client certificate has no common name (CN) to use as the user" };
      }
      return { user: leafFields.commonName, groups: leafFields.organizations };
    }
    const next = intermediates.find(({ der, cert }) =>
      signedBy(current, cert) && parseCertificate(der).isCa && !validityError(der, now)
    );
    if (!next) break;
    current = next.cert;
  }
  return { error: "the client certificate is not signed by a trusted client CA" };
}

/** Parsed CA bundles, kept so a per-request check does not parse the CAs again. */
const rootCache = new Map<string, X509Certificate[]>();

function trustedRoots(caPem: string[]): X509Certificate[] {
  const key = caPem.join("\n");
  let roots = rootCache.get(key);
  if (!roots) {
    roots = caPem.flatMap((p) => pemDecodeAll(p)).map((d) => new X509Certificate(Buffer.from(d)));
    if (rootCache.size >= 8) rootCache.clear();
    rootCache.set(key, roots);
  }
  return roots;
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function validityError(der: Uint8Array, now: Date): string | undefined {
  const f = parseCertificate(der);
  const which = f.commonName ? `certificate of "${f.commonName}"` : "certificate";
  if (now < f.notBefore) {
    return `the client ${which} is not valid before ${f.notBefore.toISOString()}`;
  }
  if (now > f.notAfter) {
    return `the client ${which} expired at ${f.notAfter.toISOString()}`;
  }
  return undefined;
}

/** How many verified chains a caching verifier remembers. */
const CACHE_SIZE = 1024;

/** A verified chain's identity and the time window in which every certificate on it is valid. */
interface Verified {
  result: { user: string; groups: string[] };
  notBefore: number;
  notAfter: number;
}

/**
 * verifyClientCertificate for one CA bundle, remembering chains that verified: a client sends
 * the same chain with every request, and the signature checks were about a tenth of the
 * apiserver's CPU under load. A remembered chain is accepted again only while every certificate
 * on it (and every trusted root) is within its validity; refusals are not remembered.
 */
export function cachingClientCertificateVerifier(
  caPem: string[],
  now: () => Date = () => new Date(),
): (chainDer: Uint8Array[]) => ClientCertificateResult {
  const cache = new Map<string, Verified>();
  return (chainDer) => {
    const hash = createHash("sha256");
    for (const der of chainDer) hash.update(der);
    const key = hash.digest("base64");
    const at = now();
    const hit = cache.get(key);
    if (hit && at.getTime() >= hit.notBefore && at.getTime() <= hit.notAfter) return hit.result;
    cache.delete(key);
    const result = verifyClientCertificate(chainDer, caPem, at);
    if ("error" in result) return result;
    let window: { notBefore: number; notAfter: number };
    try {
      window = validityWindow(chainDer, trustedRoots(caPem));
    } catch {
      return result;
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, { result, ...window });
    return result;
  };
}

/** The latest notBefore and the earliest notAfter over a chain and the trusted roots (ms). */
function validityWindow(
  chainDer: Uint8Array[],
  roots: X509Certificate[],
): { notBefore: number; notAfter: number } {
  const fields = chainDer.map((der) => parseCertificate(der));
  const from = [
    ...fields.map((f) => f.notBefore.getTime()),
    ...roots.map((r) => Date.parse(r.validFrom)),
  ];
  const to = [
    ...fields.map((f) => f.notAfter.getTime()),
    ...roots.map((r) => Date.parse(r.validTo)),
  ];
  return { notBefore: Math.max(...from), notAfter: Math.min(...to) };
}
