/**
 * SPDY/3.1 framing (big-endian, 8-byte headers): an incremental frame reader for a byte stream,
 * encoders for the frames a server sends, and header blocks (count, then length-prefixed
 * lowercase names and NUL-joined values). Compression of header blocks lives in
 * spdy_header_codec.ts.
 */

/** Control frame types. */
export const SPDY = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
  /** The FIN flag of DATA, SYN_STREAM, SYN_REPLY and HEADERS. */
  FLAG_FIN: 0x01,
  /** RST_STREAM status codes used here. */
  RST_PROTOCOL_ERROR: 1,
  RST_CANCEL: 5,
  RST_INTERNAL_ERROR: 6,
} as const;

/** One decoded frame. */
export type SpdyFrame =
  | { kind: "data"; streamId: number; flags: number; data: Uint8Array }
  | { kind: "control"; type: number; flags: number; payload: Uint8Array };

/**
 * Largest DATA payload written. Clients write 32 KiB frames, and any length up to 2^24 - 1 is
 * valid; larger frames cost fewer per-frame steps on both sides (port-forward throughput).
 */
export const MAX_DATA_CHUNK = 256 * 1024;

/** Accumulates bytes and yields whole frames. */
export class SpdyFrameReader {
  #buf = new Uint8Array(0);

  /** Adds bytes; returns every frame now complete, in order. */
  push(chunk: Uint8Array): SpdyFrame[] {
    const merged = new Uint8Array(this.#buf.length + chunk.length);
    merged.set(this.#buf);
    merged.set(chunk, this.#buf.length);
    const frames: SpdyFrame[] = [];
    let off = 0;
    while (merged.length - off >= 8) {
      const len = (merged[off + 5] << 16) | (merged[off + 6] << 8) | merged[off + 7];
      if (merged.length - off < 8 + len) break;
      const view = new DataView(merged.buffer, merged.byteOffset + off);
      const flags = merged[off + 4];
      const body = merged.slice(off + 8, off + 8 + len);
      if (merged[off] & 0x80) {
        const version = view.getUint16(0) & 0x7fff;
        if (version !== 3) {
          throw new Error(`the peer sent a SPDY version ${version} frame; only SPDY/3.1 is spoken`);
        }
        frames.push({ kind: "control", type: view.getUint16(2), flags, payload: body });
      } else {
        frames.push({ kind: "data", streamId: view.getUint32(0) & 0x7fffffff, flags, data: body });
      }
      off += 8 + len;
    }
    this.#buf = merged.slice(off);
    return frames;
  }
}

function header(first: number, second: number, flags: number, length: number): Uint8Array {
  const out = new Uint8Array(8 + length);
  const view = new DataView(out.buffer);
  view.setUint16(0, first);
  view.setUint16(2, second);
  view.setUint32(4, length);
  out[4] = flags;
  return out;
}

/** A control frame of `type` carrying `payload`. */
export function controlFrame(type: number, flags: number, payload: Uint8Array): Uint8Array {
  const out = header(0x8003, type, flags, payload.length);
  out.set(payload, 8);
  return out;
}

/** A DATA frame (FIN when `fin`). */
export function dataFrame(streamId: number, data: Uint8Array, fin = false): Uint8Array {
  const out = header(
    (streamId >>> 16) & 0x7fff,
    streamId & 0xffff,
    fin ? SPDY.FLAG_FIN : 0,
    data.length,
  );
  out.set(data, 8);
  return out;
}

/** Big-endian 32-bit words. */
export function u32s(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0));
  return out;
}

/** The 32-bit word at `off` of `bytes`. */
export function readU32(bytes: Uint8Array, off: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(off);
}

/** Serializes headers (names lowercased, several values joined by NUL), uncompressed. */
export function encodeHeaderBlock(headers: Record<string, string | string[]>): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [u32s(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    const n = enc.encode(name.toLowerCase());
    const v = enc.encode(Array.isArray(value) ? value.join("\0") : value);
    parts.push(u32s(n.length), n, u32s(v.length), v);
  }
  return concat(parts);
}

/** Parses an uncompressed header block; throws a sentence when it is malformed. */
export function decodeHeaderBlock(block: Uint8Array): Map<string, string[]> {
  const dec = new TextDecoder();
  const out = new Map<string, string[]>();
  const need = (off: number, n: number) => {
    if (off + n > block.length) throw new Error("the SPDY header block is truncated");
  };
  need(0, 4);
  const count = readU32(block, 0);
  let off = 4;
  for (let i = 0; i < count; i++) {
    need(off, 4);
    const nl = readU32(block, off);
    need(off + 4, nl + 4);
    const name = dec.decode(block.subarray(off + 4, off + 4 + nl)).toLowerCase();
    off += 4 + nl;
    const vl = readU32(block, off);
    need(off + 4, vl);
    const value = dec.decode(block.subarray(off + 4, off + 4 + vl));
    off += 4 + vl;
    out.set(name, [...out.get(name) ?? [], ...value.split("\0")]);
  }
  return out;
}

/** Concatenates byte arrays. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
