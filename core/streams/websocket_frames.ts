/**
 * WebSocket (RFC 6455) framing for the server side: the handshake's accept key, an
 * incremental reader of (masked) client frames that reassembles fragmented messages, and
 * encoders for unmasked server frames.
 */
import { createHash } from "node:crypto";

/** Opcodes. */
export const WS_OP = { CONTINUATION: 0, TEXT: 1, BINARY: 2, CLOSE: 8, PING: 9, PONG: 10 } as const;

/** A whole message or control frame from the client. */
export interface WsMessage {
  opcode: number;
  data: Uint8Array;
}

/** `Sec-WebSocket-Accept` for a client's `Sec-WebSocket-Key`. */
export function websocketAccept(key: string): string {
  return createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
}

/** The header of one unmasked frame (server → client) of `length` bytes, FIN set. */
export function encodeWsHeader(opcode: number, length: number): Uint8Array {
  const head = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const out = new Uint8Array(head);
  out[0] = 0x80 | opcode;
  const view = new DataView(out.buffer);
  if (length < 126) out[1] = length;
  else if (length < 65536) {
    out[1] = 126;
    view.setUint16(2, length);
  } else {
    out[1] = 127;
    view.setBigUint64(2, BigInt(length));
  }
  return out;
}

/** One unmasked frame (server → client), FIN set. */
export function encodeWsFrame(opcode: number, data: Uint8Array): Uint8Array {
  const head = encodeWsHeader(opcode, data.length);
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}

/** A close frame with `code` (1000 = normal) and an optional reason. */
export function encodeWsClose(code: number, reason = ""): Uint8Array {
  const r = new TextEncoder().encode(reason).subarray(0, 123);
  const body = new Uint8Array(2 + r.length);
  new DataView(body.buffer).setUint16(0, code);
  body.set(r, 2);
  return encodeWsFrame(WS_OP.CLOSE, body);
}

/** Accumulates bytes; yields whole messages (data frames reassembled) and control frames. */
export class WsFrameReader {
  #buf = new Uint8Array(0);
  #fragments: Uint8Array[] = [];
  #fragmentOp = 0;
  /** Largest message accepted (bytes). */
  readonly maxMessage: number;

  constructor(maxMessage = 16 * 1024 * 1024) {
    this.maxMessage = maxMessage;
  }

  /** Adds bytes; returns what is now complete, in order. */
  push(chunk: Uint8Array): WsMessage[] {
    const merged = new Uint8Array(this.#buf.length + chunk.length);
    merged.set(this.#buf);
    merged.set(chunk, this.#buf.length);
    const out: WsMessage[] = [];
    let off = 0;
    while (merged.length - off >= 2) {
      const b0 = merged[off];
      const b1 = merged[off + 1];
      let len = b1 & 0x7f;
      let pos = off + 2;
      const view = new DataView(merged.buffer, merged.byteOffset);
      if (len === 126) {
        if (merged.length < pos + 2) break;
        len = view.getUint16(pos);
        pos += 2;
      } else if (len === 127) {
        if (merged.length < pos + 8) break;
        const big = view.getBigUint64(pos);
        if (big > BigInt(this.maxMessage)) {
          throw new Error(`a WebSocket frame of ${big} bytes exceeds ${this.maxMessage} bytes`);
        }
        len = Number(big);
        pos += 8;
      }
      const masked = (b1 & 0x80) !== 0;
      const maskAt = pos;
      if (masked) pos += 4;
      if (merged.length < pos + len) break;
      const data = merged.slice(pos, pos + len);
      if (masked) { for (let i = 0; i < len; i++) data[i] ^= merged[maskAt + (i & 3)]; }
      off = pos + len;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      if (opcode >= 8) out.push({ opcode, data });
      else {
        if (opcode !== WS_OP.CONTINUATION) this.#fragmentOp = opcode;
        this.#fragments.push(data);
        if (fin) {
          out.push({ opcode: this.#fragmentOp, data: joined(this.#fragments) });
          this.#fragments = [];
        }
      }
    }
    this.#buf = merged.slice(off);
    return out;
  }
}

function joined(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
