/**
 * A minimal ustar writer: enough to hand the Docker Engine API a root filesystem
 * (`POST /images/create?fromSrc=-`) made of directories, regular files and symlinks.
 */

/** One entry of an archive; paths are relative ("bin/sh"), directories end without a slash. */
export type TarEntry =
  | { kind: "dir"; path: string; mode?: number }
  | { kind: "file"; path: string; data: Uint8Array; mode?: number }
  | { kind: "symlink"; path: string; target: string };

const BLOCK = 512;
const encoder = new TextEncoder();

function putString(buf: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length) {
    throw new Error(`tar field "${value}" is longer than ${length} bytes; use a shorter path`);
  }
  buf.set(bytes, offset);
}

function putOctal(buf: Uint8Array, offset: number, length: number, value: number): void {
  putString(buf, offset, length, value.toString(8).padStart(length - 1, "0") + "\0");
}

function header(entry: TarEntry, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const name = entry.kind === "dir" ? `${entry.path}/` : entry.path;
  putString(h, 0, 100, name);
  const mode = entry.kind === "symlink"
    ? 0o777
    : entry.mode ?? (entry.kind === "dir" ? 0o755 : 0o644);
  putOctal(h, 100, 8, mode);
  putOctal(h, 108, 8, 0); // uid
  putOctal(h, 116, 8, 0); // gid
  putOctal(h, 124, 12, size);
  putOctal(h, 136, 12, 0); // mtime: fixed, so equal inputs give equal archives
  h.fill(0x20, 148, 156); // checksum is computed over spaces
  h[156] = (entry.kind === "dir" ? "5" : entry.kind === "symlink" ? "2" : "0").charCodeAt(0);
  if (entry.kind === "symlink") putString(h, 157, 100, entry.target);
  putString(h, 257, 6, "ustar\0");
  putString(h, 263, 2, "00");
  putString(h, 265, 32, "root");
  putString(h, 297, 32, "root");
  const sum = h.reduce((a, b) => a + b, 0);
  putString(h, 148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return h;
}

/** The bytes of a ustar archive holding `entries` in order. */
export function tarArchive(entries: TarEntry[]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const e of entries) {
    const data = e.kind === "file" ? e.data : new Uint8Array(0);
    const padded = Math.ceil(data.length / BLOCK) * BLOCK;
    const block = new Uint8Array(BLOCK + padded);
    block.set(header(e, data.length));
    block.set(data, BLOCK);
    parts.push(block);
    total += block.length;
  }
  const out = new Uint8Array(total + 2 * BLOCK);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
