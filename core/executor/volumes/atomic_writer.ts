/**
 * The kubelet's atomic writer for configMap, secret, downwardAPI and projected volumes: the
 * files live in a timestamped directory `..2026_12_03_22_10_00.123456789`, `..data` is a
 * symlink to it, and each visible top-level name is a symlink through `..data`. An update writes
 * a new timestamped directory and swaps `..data` with one rename, so a reader sees either the
 * old set of files or the new one, never a mix; the old directory is removed afterwards.
 */
import { dirname, join } from "node:path";

/** One file of a volume's payload. */
export interface PayloadFile {
  data: Uint8Array;
  /** Permission bits (e.g. 0o644). */
  mode: number;
}

/** Relative path → file. */
export type Payload = Map<string, PayloadFile>;

const DATA = "..data";

function stamp(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_` +
    `${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.` +
    `${p(d.getUTCMilliseconds(), 3)}${crypto.getRandomValues(new Uint32Array(1))[0]}`;
}

async function readTarget(path: string): Promise<string | undefined> {
  try {
    return await Deno.readLink(path);
  } catch {
    return undefined;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when the directory `..data` points at holds exactly `payload`. */
async function unchanged(dir: string, payload: Payload): Promise<boolean> {
  const current = await readTarget(join(dir, DATA));
  if (!current) return false;
  const base = join(dir, current);
  const seen: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for await (const e of Deno.readDir(join(base, rel))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) await walk(p);
      else seen.push(p);
    }
  };
  try {
    await walk("");
  } catch {
    return false;
  }
  if (seen.length !== payload.size) return false;
  for (const [path, file] of payload) {
    try {
      const info = await Deno.stat(join(base, path));
      if (((info.mode ?? 0) & 0o777) !== file.mode) return false;
      if (!equalBytes(await Deno.readFile(join(base, path)), file.data)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Makes `dir` hold `payload` (creating `dir` if needed); returns true when it wrote something.
 * Paths must be relative and free of `..` (validation saw to that).
 */
export async function writePayload(dir: string, payload: Payload): Promise<boolean> {
  await Deno.mkdir(dir, { recursive: true });
  if (await unchanged(dir, payload)) return false;
  const old = await readTarget(join(dir, DATA));
  const fresh = stamp();
  const base = join(dir, fresh);
  await Deno.mkdir(base, { mode: 0o755 });
  for (const [path, file] of payload) {
    const target = join(base, path);
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.writeFile(target, file.data, { mode: file.mode });
    await Deno.chmod(target, file.mode);
  }
  await Deno.chmod(base, 0o755);
  const tmp = join(dir, "..data_tmp");
  await Deno.remove(tmp).catch(() => {});
  await Deno.symlink(fresh, tmp);
  await Deno.rename(tmp, join(dir, DATA));
  const tops = new Set([...payload.keys()].map((p) => p.split("/")[0]));
  for (const top of tops) {
    const link = join(dir, top);
    if (await readTarget(link) === `${DATA}/${top}`) continue;
    await Deno.remove(link, { recursive: true }).catch(() => {});
    await Deno.symlink(`${DATA}/${top}`, link);
  }
  for await (const e of Deno.readDir(dir)) {
    if (e.name.startsWith("..") || tops.has(e.name)) continue;
    await Deno.remove(join(dir, e.name), { recursive: true }).catch(() => {});
  }
  if (old && old !== fresh) await Deno.remove(join(dir, old), { recursive: true }).catch(() => {});
  return true;
}
