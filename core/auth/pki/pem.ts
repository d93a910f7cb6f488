/** PEM armour (RFC 7468) for DER certificates and keys. */

import { Buffer } from "node:buffer";

/** Wraps DER bytes as a PEM block with the given label, e.g. "CERTIFICATE". */
export function pemEncode(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** The DER contents of every PEM block labelled `label` in `pem`, in order. */
export function pemDecodeAll(pem: string, label = "CERTIFICATE"): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, "g");
  const out: Uint8Array[] = [];
  for (const m of pem.matchAll(re)) {
    out.push(new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ""), "base64")));
  }
  return out;
}

/** The DER of the first PEM block labelled `label`; throws a sentence naming `what` if none. */
export function pemDecodeOne(pem: string, label: string, what: string): Uint8Array {
  const [first] = pemDecodeAll(pem, label);
  if (!first) throw new Error(`${what} holds no "-----BEGIN ${label}-----" PEM block`);
  return first;
}
