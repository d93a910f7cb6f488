/**
 * SPDY/3 header block compression: each direction of a connection is ONE zlib stream, every
 * block ending on a sync flush. Inbound blocks are inflated with the SPDY dictionary (kubectl
 * sets FDICT); outbound blocks are written as stored (uncompressed) deflate blocks after a zlib
 * header without FDICT, which every zlib reader accepts and which needs no dictionary.
 */
import { Buffer } from "node:buffer";
import { constants, createInflate, type Inflate } from "node:zlib";
import { concat, decodeHeaderBlock, encodeHeaderBlock } from "./spdy_frames.ts";
import { SPDY_DICTIONARY } from "./spdy_dictionary.ts";

/** Compresses and decompresses one connection's header blocks. */
export class SpdyHeaderCodec {
  #inflate: Inflate | undefined;
  #inflated: Uint8Array[] = [];
  #inflateError: Error | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #sentZlibHeader = false;

  /** The compressed form of `headers`, continuing this connection's outbound zlib stream. */
  compress(headers: Record<string, string | string[]>): Uint8Array {
    const raw = encodeHeaderBlock(headers);
    const parts: Uint8Array[] = [];
    if (!this.#sentZlibHeader) {
      parts.push(new Uint8Array([0x78, 0x01]));
      this.#sentZlibHeader = true;
    }
    for (let off = 0; off < raw.length; off += 0xffff) {
      parts.push(storedBlock(raw.subarray(off, Math.min(raw.length, off + 0xffff))));
    }
    parts.push(storedBlock(new Uint8Array(0))); // the sync flush marker
    return concat(parts);
  }

  /** Inflates the next inbound header block and parses it (calls are serialized). */
  decompress(block: Uint8Array): Promise<Map<string, string[]>> {
    const run = this.#queue.then(() => this.#inflateOne(block));
    this.#queue = run.catch(() => {});
    return run;
  }

  #inflateOne(block: Uint8Array): Promise<Map<string, string[]>> {
    if (!this.#inflate) {
      const inflate = createInflate({ dictionary: Buffer.from(SPDY_DICTIONARY) });
      inflate.on("data", (chunk: Uint8Array) => this.#inflated.push(new Uint8Array(chunk)));
      inflate.on("error", (e: Error) => this.#inflateError = e);
      this.#inflate = inflate;
    }
    const inflate = this.#inflate;
    return new Promise((resolve, reject) => {
      inflate.write(Buffer.from(block));
      inflate.flush(constants.Z_SYNC_FLUSH, () => {
        const bytes = concat(this.#inflated);
        this.#inflated = [];
        if (this.#inflateError) {
          return reject(
            new Error(`cannot inflate a SPDY header block: ${this.#inflateError.message}`),
          );
        }
        try {
          resolve(decodeHeaderBlock(bytes));
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  /** Releases the inflater. */
  close(): void {
    this.#inflate?.destroy();
  }
}

/** A non-final stored deflate block holding `data` (at most 65535 bytes). */
function storedBlock(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + data.length);
  out[0] = 0; // BFINAL=0, BTYPE=00 (stored), padded to the byte boundary
  out[1] = data.length & 0xff;
  out[2] = data.length >> 8;
  out[3] = ~data.length & 0xff;
  out[4] = (~data.length >> 8) & 0xff;
  out.set(data, 5);
  return out;
}
