/**
 * A minimal DER (ASN.1 Distinguished Encoding Rules) writer: just the types an X.509
 * certificate needs. Every function returns the complete encoding (tag, length, contents).
 */

/** ASN.1 universal tags used by the writer. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Concatenates byte arrays. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The DER length octets of a content of `n` bytes. */
function lengthOctets(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Any TLV: `tag` byte, then the DER length, then the contents. */
export function tlv(tag: number, contents: Uint8Array): Uint8Array {
  return concatBytes([Uint8Array.of(tag), lengthOctets(contents.length), contents]);
}

/** SEQUENCE of already-encoded elements. */
export function sequence(...elements: Uint8Array[]): Uint8Array {
  return tlv(TAG.SEQUENCE, concatBytes(elements));
}

/** SET of already-encoded elements, sorted by encoding as DER requires for SET OF. */
export function set(...elements: Uint8Array[]): Uint8Array {
  const sorted = [...elements].sort(compareBytes);
  return tlv(TAG.SET, concatBytes(sorted));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/** BOOLEAN. */
export function boolean(value: boolean): Uint8Array {
  return tlv(TAG.BOOLEAN, Uint8Array.of(value ? 0xff : 0x00));
}

/** NULL. */
export function nullValue(): Uint8Array {
  return tlv(TAG.NULL, new Uint8Array(0));
}

/**
 * INTEGER from a non-negative bigint/number, or from unsigned big-endian bytes (such as a
 * serial number); the minimal two's-complement form is written.
 */
export function integer(value: bigint | number | Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) {
    bytes = value;
  } else {
    let v = BigInt(value);
    if (v < 0n) {
      throw new Error(`DER integer ${v} is negative; only non-negative values are supported`);
    }
    const out: number[] = [];
    do {
      out.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v > 0n);
    bytes = Uint8Array.from(out);
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Uint8Array.of(0);
  if (bytes[0] & 0x80) bytes = concatBytes([Uint8Array.of(0), bytes]);
  return tlv(TAG.INTEGER, bytes);
}

/** OBJECT IDENTIFIER from dotted form, e.g. "2.5.4.3". */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map((s) => {
    if (!/^\d+$/.test(s)) throw new Error(`"${dotted}" is not a dotted object identifier`);
    return BigInt(s);
  });
  if (arcs.length < 2) throw new Error(`object identifier "${dotted}" needs at least two arcs`);
  const out: number[] = [];
  const values = [arcs[0] * 40n + arcs[1], ...arcs.slice(2)];
  for (const arc of values) {
    const group: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) group.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...group);
  }
  return tlv(TAG.OID, Uint8Array.from(out));
}

/** UTF8String. */
export function utf8String(text: string): Uint8Array {
  return tlv(TAG.UTF8_STRING, new TextEncoder().encode(text));
}

/** IA5String (ASCII), e.g. a DNS name. */
export function ia5String(text: string): Uint8Array {
  if ([...text].some((c) => c.charCodeAt(0) > 0x7f)) {
    throw new Error(`"${text}" is not ASCII (IA5String)`);
  }
  return tlv(TAG.IA5_STRING, new TextEncoder().encode(text));
}

/** OCTET STRING. */
export function octetString(bytes: Uint8Array): Uint8Array {
  return tlv(TAG.OCTET_STRING, bytes);
}

/** BIT STRING whose last byte has `unusedBits` padding bits (0 for keys and signatures). */
export function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  return tlv(TAG.BIT_STRING, concatBytes([Uint8Array.of(unusedBits), bytes]));
}

/**
 * A named bit list (such as keyUsage) as a BIT STRING: `bits` are bit numbers, 0 being the most
 * significant bit of the first byte; trailing zero bits are dropped as DER requires.
 */
export function namedBits(bits: number[]): Uint8Array {
  if (bits.length === 0) return bitString(new Uint8Array(0));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[Math.floor(b / 8)] |= 0x80 >> (b % 8);
  return bitString(bytes, 7 - (highest % 8));
}

/** X.509 Time: UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
export function time(date: Date): Uint8Array {
  const p = (n: number) => String(n).padStart(2, "0");
  const year = date.getUTCFullYear();
  const rest = `${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}` +
    `${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
  const enc = new TextEncoder();
  if (year >= 1950 && year < 2050) {
    return tlv(TAG.UTC_TIME, enc.encode(`${p(year % 100)}${rest}`));
  }
  return tlv(TAG.GENERALIZED_TIME, enc.encode(`${String(year).padStart(4, "0")}${rest}`));
}

/** Context-specific EXPLICIT tag [n] around an encoded element (constructed). */
export function explicit(n: number, element: Uint8Array): Uint8Array {
  return tlv(0xa0 | n, element);
}

/** Context-specific IMPLICIT primitive tag [n] with raw contents (e.g. GeneralName dNSName). */
export function implicitPrimitive(n: number, contents: Uint8Array): Uint8Array {
  return tlv(0x80 | n, contents);
}
