/**
 * Reads the fields the PKI needs from a DER X.509 certificate: subject CN and O values,
 * validity, CA flag, extended key usages, SANs and key identifiers. Signatures are not
 * checked here (node:crypto X509Certificate does that).
 */
import {
  children,
  decodeOid,
  decodeString,
  decodeTime,
  type DerNode,
  readTlv,
} from "./der_reader.ts";
import { formatIpBytes } from "./subject_alt_names.ts";

/** The fields of a certificate. */
export interface CertificateFields {
  /** The encoded subject Name (to be the issuer Name of certificates it signs). */
  subjectName: Uint8Array;
  commonName?: string;
  /** O values, in order. */
  organizations: string[];
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints cA. */
  isCa: boolean;
  /** extKeyUsage OIDs, or undefined when the extension is absent. */
  extKeyUsage?: string[];
  dnsNames: string[];
  /** IP SANs in the canonical form of formatIpBytes. */
  ipAddresses: string[];
  subjectKeyId?: Uint8Array;
}

/** Parses a DER certificate; throws a sentence when it is not one. */
export function parseCertificate(certDer: Uint8Array): CertificateFields {
  try {
    return parse(certDer);
  } catch (e) {
    throw new Error(`the data is not a valid X.509 certificate: ${(e as Error).message}`);
  }
}

function parse(certDer: Uint8Array): CertificateFields {
  const tbs = children(readTlv(certDer))[0];
  const fields = children(tbs);
  const at = fields[0].tag === 0xa0 ? 1 : 0;
  const subject = fields[at + 4];
  const validity = children(fields[at + 3]);
  const out: CertificateFields = {
    subjectName: subject.encoded,
    organizations: [],
    notBefore: decodeTime(validity[0]),
    notAfter: decodeTime(validity[1]),
    isCa: false,
    dnsNames: [],
    ipAddresses: [],
  };
  for (const rdn of children(subject)) {
    for (const attr of children(rdn)) {
      const [type, value] = children(attr);
      const id = decodeOid(type.contents);
      if (id === "2.5.4.3") out.commonName = decodeString(value);
      if (id === "2.5.4.10") out.organizations.push(decodeString(value));
    }
  }
  const extWrapper = fields.slice(at + 6).find((f) => f.tag === 0xa3);
  for (const ext of extWrapper ? children(children(extWrapper)[0]) : []) {
    const parts = children(ext);
    const id = decodeOid(parts[0].contents);
    const value = readTlv(parts[parts.length - 1].contents);
    readExtension(out, id, value);
  }
  return out;
}

function readExtension(out: CertificateFields, id: string, value: DerNode): void {
  switch (id) {
    case "2.5.29.19": { // basicConstraints
      const first = children(value)[0];
      out.isCa = first?.tag === 0x01 && first.contents[0] !== 0;
      break;
    }
    case "2.5.29.37": // extKeyUsage
      out.extKeyUsage = children(value).map((n) => decodeOid(n.contents));
      break;
    case "2.5.29.14": // subjectKeyIdentifier
      out.subjectKeyId = value.contents;
      break;
    case "2.5.29.17": // subjectAltName
      for (const name of children(value)) {
        if (name.tag === 0x82) out.dnsNames.push(new TextDecoder().decode(name.contents));
        if (name.tag === 0x87) out.ipAddresses.push(formatIpBytes(name.contents));
      }
      break;
  }
}
