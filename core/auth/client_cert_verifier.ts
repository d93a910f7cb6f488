/**
 * A small client-certificate chain verifier over node:crypto's X509Certificate: the leaf (and
 * any intermediates the client sent) must chain by signature to one of the trusted CA
 * certificates, every certificate on the path must be valid now, and intermediates must be CAs.
 * The identity is the leaf subject's CN, the groups its O values (kube-apiserver's mapping).
 * Extended key usage is not checked (node:crypto does not expose it here).
 */
import { createHash, X509Certificate } from "node:crypto";
import type { ClientCertVerdict, ClientCertVerifier } from "./x509_authenticator.ts";

/** How many certificates a path may have between the leaf and the trusted CA. */
const MAX_INTERMEDIATES = 5;
/** How many verified chains are remembered (each client sends the same chain every request). */
const CACHE_SIZE = 1024;

/** A verified chain: its identity, and the window in which every certificate on it is valid. */
interface Verified {
  verdict: { user: string; groups: string[] };
  notBefore: number;
  notAfter: number;
}

/** Splits a PEM bundle into its CERTIFICATE blocks (throws when there are none). */
export function splitPemCertificates(pem: string, what = "the client CA bundle"): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks || blocks.length === 0) {
    throw new Error(`${what} holds no "-----BEGIN CERTIFICATE-----" block; give a PEM file`);
  }
  return blocks;
}

/** The values of one attribute (e.g. "CN", "O") in a node:crypto subject string. */
export function subjectValues(subject: string, attr: string): string[] {
  return subject.split("\n").filter((line) => line.startsWith(`${attr}=`)).map((line) =>
    line.slice(attr.length + 1)
  );
}

function validAt(cert: X509Certificate, now: Date): string | undefined {
  if (now < new Date(cert.validFrom)) return `is not valid before ${cert.validFrom}`;
  if (now > new Date(cert.validTo)) return `expired at ${cert.validTo}`;
  return undefined;
}

function describe(cert: X509Certificate): string {
  return `"${cert.subject.replaceAll("\n", ", ")}"`;
}

/**
 * A ClientCertVerifier trusting the CA certificates in `caPems` (each string may hold several
 * PEM blocks). `now` is for tests; it defaults to the current time.
 */
export function clientCertificateVerifier(
  caPems: string[],
  now: () => Date = () => new Date(),
): ClientCertVerifier {
  const cas = caPems.flatMap((pem) => splitPemCertificates(pem)).map((p) => new X509Certificate(p));
  const verify = chainVerifier(cas);
  // Signature checks were a tenth of the apiserver's CPU under load: a chain that verified is
  // remembered by its digest and, while every certificate on it is still valid, not re-checked.
  const cache = new Map<string, Verified>();
  return (chain: Uint8Array[]): ClientCertVerdict => {
    const hash = createHash("sha256");
    for (const der of chain) hash.update(der).update("\0");
    const key = hash.digest("base64");
    const at = now().getTime();
    const hit = cache.get(key);
    if (hit && at >= hit.notBefore && at <= hit.notAfter) return hit.verdict;
    cache.delete(key);
    const result = verify(chain, now());
    if ("verdict" in result) {
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(key, result);
      return result.verdict;
    }
    return result;
  };
}

/** The uncached verification of one chain against `cas` at time `at`. */
function chainVerifier(
  cas: X509Certificate[],
): (chain: Uint8Array[], at: Date) => Verified | { error: string } {
  return (chain, at) => {
    let certs: X509Certificate[];
    try {
      certs = chain.map((der) => new X509Certificate(der));
    } catch (e) {
      return { error: `the client certificate cannot be parsed: ${(e as Error).message}` };
    }
    const [leaf, ...intermediates] = certs;
    const path = [leaf];
    let current = leaf;
    for (let depth = 0; depth <= MAX_INTERMEDIATES; depth++) {
      const invalid = validAt(current, at);
      if (invalid) return { error: `certificate ${describe(current)} ${invalid}` };
      const trusted = cas.find((ca) => current.checkIssued(ca) && current.verify(ca.publicKey));
      if (trusted) {
        const caInvalid = validAt(trusted, at);
        if (caInvalid) return { error: `the client CA ${describe(trusted)} ${caInvalid}` };
        const cn = subjectValues(leaf.subject, "CN");
        const all = [...path, trusted];
        return {
          verdict: { user: cn[0] ?? "", groups: subjectValues(leaf.subject, "O") },
          notBefore: Math.max(...all.map((c) => Date.parse(c.validFrom))),
          notAfter: Math.min(...all.map((c) => Date.parse(c.validTo))),
        };
      }
      const next = intermediates.find((c) =>
        c.ca && c !== current && current.checkIssued(c) && current.verify(c.publicKey)
      );
      if (!next) {
        return {
          error: `certificate ${describe(current)} is not signed by a trusted client CA ` +
            `(issuer ${JSON.stringify(current.issuer.replaceAll("\n", ", "))})`,
        };
      }
      current = next;
      path.push(next);
    }
    return { error: `the client certificate chain is longer than ${MAX_INTERMEDIATES + 1}` };
  };
}
