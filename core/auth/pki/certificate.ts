/**
 * X.509 v3 certificate generation with ECDSA P-256 / SHA-256 keys from node:crypto, written
 * with the small DER writer (no openssl, no dependencies): a self-signed CA, serving
 * certificates (DNS and IP SANs, serverAuth) and client certificates (CN = user, O = groups,
 * clientAuth). Output is PEM.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from "node:crypto";
import { Buffer } from "node:buffer";
import * as der from "./der_writer.ts";
import { children, readTlv } from "./der_reader.ts";
import { parseCertificate } from "./certificate_fields.ts";
import { pemDecodeOne, pemEncode } from "./pem.ts";
import { encodeSubjectAltNames } from "./subject_alt_names.ts";

/** A certificate and its private key, both PEM (key in PKCS#8). */
export interface CertificateAndKey {
  certPem: string;
  keyPem: string;
}

/** Subject of a certificate: CN, and O values (groups for client certificates). */
export interface CertificateSubject {
  commonName: string;
  organizations?: string[];
}

/** Options every certificate takes. */
export interface ValidityOptions {
  /** Defaults to one year after `now`. */
  notAfter?: Date;
  /** The clock (default: the current time); notBefore is one hour before it. */
  now?: Date;
}

const OID = {
  ecPublicKey: "1.2.840.10045.2.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyId: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyId: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

/** keyUsage bit numbers (RFC 5280 4.2.1.3). */
const KU = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** A new ECDSA P-256 key pair (PKCS#8 private key, SPKI public key, both PEM). */
export function generateEcKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return {
    privateKeyPem: String(privateKey.export({ format: "pem", type: "pkcs8" })),
    publicKeyPem: String(publicKey.export({ format: "pem", type: "spki" })),
  };
}

/** A self-signed CA certificate (CA:true, keyCertSign+cRLSign+digitalSignature, SKI). */
export function createCaCertificate(
  subject: CertificateSubject,
  opts: ValidityOptions = {},
): CertificateAndKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const name = encodeName(subject);
  const ski = subjectKeyId(publicKey);
  const certDer = buildCertificate({
    subjectName: name,
    issuerName: name,
    publicKey,
    signingKey: privateKey,
    ...opts,
    extensions: [
      extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
      extension(
        OID.keyUsage,
        true,
        der.namedBits([KU.digitalSignature, KU.keyCertSign, KU.cRLSign]),
      ),
      extension(OID.subjectKeyId, false, der.octetString(ski)),
      extension(OID.authorityKeyId, false, authorityKeyId(ski)),
    ],
  });
  return { certPem: pemEncode("CERTIFICATE", certDer), keyPem: exportKey(privateKey) };
}

/** A serving certificate for `sans` (DNS names and IP addresses), signed by `ca`. */
export function createServingCertificate(
  ca: CertificateAndKey,
  subject: CertificateSubject,
  sans: string[],
  opts: ValidityOptions = {},
): CertificateAndKey {
  if (sans.length === 0) {
    throw new Error("a serving certificate needs at least one subject alternative name");
  }
  return issueLeaf(ca, subject, opts, OID.serverAuth, [
    extension(OID.subjectAltName, false, encodeSubjectAltNames(sans)),
  ]);
}

/** A client certificate for `user` (CN) in `groups` (one O each), signed by `ca`. */
export function createClientCertificate(
  ca: CertificateAndKey,
  user: string,
  groups: string[] = [],
  opts: ValidityOptions = {},
): CertificateAndKey {
  if (user.trim() === "") throw new Error("a client certificate needs a non-empty user name");
  return issueLeaf(ca, { commonName: user, organizations: groups }, opts, OID.clientAuth, []);
}

function issueLeaf(
  ca: CertificateAndKey,
  subject: CertificateSubject,
  opts: ValidityOptions,
  usage: string,
  more: Uint8Array[],
): CertificateAndKey {
  const caKey = createPrivateKey(ca.keyPem);
  const caDer = pemDecodeOne(ca.certPem, "CERTIFICATE", "the CA certificate");
  const caFields = parseCertificate(caDer);
  const caKeyId = caFields.subjectKeyId ?? subjectKeyId(createPublicKey(caKey));
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const certDer = buildCertificate({
    subjectName: encodeName(subject),
    issuerName: caFields.subjectName,
    publicKey,
    signingKey: caKey,
    ...opts,
    extensions: [
      extension(OID.basicConstraints, true, der.sequence()),
      extension(OID.keyUsage, true, der.namedBits([KU.digitalSignature])),
      extension(OID.extKeyUsage, false, der.sequence(der.oid(usage))),
      extension(OID.subjectKeyId, false, der.octetString(subjectKeyId(publicKey))),
      extension(OID.authorityKeyId, false, authorityKeyId(caKeyId)),
      ...more,
    ],
  });
  return { certPem: pemEncode("CERTIFICATE", certDer), keyPem: exportKey(privateKey) };
}

interface CertificateSpec extends ValidityOptions {
  subjectName: Uint8Array;
  issuerName: Uint8Array;
  publicKey: KeyObject;
  signingKey: KeyObject;
  extensions: Uint8Array[];
}

function buildCertificate(spec: CertificateSpec): Uint8Array {
  const now = spec.now ?? new Date();
  const notBefore = new Date(now.getTime() - 3600_000);
  const notAfter = spec.notAfter ?? new Date(now.getTime() + YEAR_MS);
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive
  serial[0] |= 0x40; // and exactly 16 bytes long
  const sigAlg = der.sequence(der.oid(OID.ecdsaWithSha256));
  const spki = new Uint8Array(spec.publicKey.export({ format: "der", type: "spki" }));
  const tbs = der.sequence(
    der.explicit(0, der.integer(2)),
    der.integer(new Uint8Array(serial)),
    sigAlg,
    spec.issuerName,
    der.sequence(der.time(notBefore), der.time(notAfter)),
    spec.subjectName,
    spki,
    der.explicit(3, der.sequence(...spec.extensions)),
  );
  const signature = sign("sha256", tbs, { key: spec.signingKey, dsaEncoding: "der" });
  return der.sequence(tbs, sigAlg, der.bitString(new Uint8Array(signature)));
}

/** Name: CN first, then one RDN per O value. */
function encodeName(subject: CertificateSubject): Uint8Array {
  const rdn = (type: string, value: string) =>
    der.set(der.sequence(der.oid(type), der.utf8String(value)));
  return der.sequence(
    ...(subject.organizations ?? []).map((o) => rdn(OID.organization, o)),
    rdn(OID.commonName, subject.commonName),
  );
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical
    ? der.sequence(der.oid(id), der.boolean(true), der.octetString(value))
    : der.sequence(der.oid(id), der.octetString(value));
}

function authorityKeyId(keyId: Uint8Array): Uint8Array {
  return der.sequence(der.implicitPrimitive(0, keyId));
}

/** SKI method 1 of RFC 5280: SHA-1 of the subjectPublicKey bits. */
function subjectKeyId(publicKey: KeyObject): Uint8Array {
  const spki = readTlv(new Uint8Array(publicKey.export({ format: "der", type: "spki" })));
  const bits = children(spki)[1].contents.subarray(1);
  return new Uint8Array(createHash("sha1").update(bits).digest());
}

function exportKey(key: KeyObject): string {
  return Buffer.from(key.export({ format: "pem", type: "pkcs8" })).toString();
}
