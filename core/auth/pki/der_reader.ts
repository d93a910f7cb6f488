/**
 * A minimal DER reader: walks TLVs so the PKI code can pick fields (subject, validity,
 * extensions) out of certificates it did not write itself. Throws on malformed input.
 */

/** One decoded TLV: its tag, contents, and the full encoding (tag + length + contents). */
export interface DerNode {
  tag: number;
  contents: Uint8Array;
  encoded: Uint8Array;
}

/** Reads the TLV that starts at `offset` of `bytes`. */
export function readTlv(bytes: Uint8Array, offset = 0): DerNode {
  if (offset + 2 > bytes.length) throw new Error("DER data ends inside a tag/length header");
  const tag = bytes[offset];
  let len = bytes[offset + 1];
  let at = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || at + n > bytes.length) throw new Error("DER length is malformed");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[at + i];
    at += n;
  }
  if (at + len > bytes.length) throw new Error("DER value runs past the end of its data");
  return {
    tag,
    contents: bytes.subarray(at, at + len),
    encoded: bytes.subarray(offset, at + len),
  };
}

/** The child TLVs of a constructed node (SEQUENCE, SET, explicit tag). */
export function children(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let at = 0; at < node.contents.length;) {
    const child = readTlv(node.contents, at);
    out.push(child);
    at += child.encoded.length;
  }
  return out;
}

/** Dotted form of an OBJECT IDENTIFIER's contents. */
export function decodeOid(contents: Uint8Array): string {
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of contents) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  if (arcs.length === 0) throw new Error("empty DER object identifier");
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join(".");
}

/** The text of a DER string (UTF8String, PrintableString, IA5String, …). */
export function decodeString(node: DerNode): string {
  if (node.tag === 0x1e) { // BMPString: UTF-16BE
    let s = "";
    for (let i = 0; i + 1 < node.contents.length; i += 2) {
      s += String.fromCharCode((node.contents[i] << 8) | node.contents[i + 1]);
    }
    return s;
  }
  return new TextDecoder().decode(node.contents);
}

/** A UTCTime or GeneralizedTime (the Z forms X.509 uses) as a Date. */
export function decodeTime(node: DerNode): Date {
  const s = new TextDecoder().decode(node.contents);
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) throw new Error(`certificate time "${s}" is not in the X.509 form YYMMDDHHMMSSZ`);
  let year = Number(m[1]);
  if (m[1].length === 2) year += year < 50 ? 2000 : 1900;
  return new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])),
  );
}
