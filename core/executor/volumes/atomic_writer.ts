/**
 * The kubelet's atomic writer for configMap, secret, downwardAPI and projected volumes: the
 * files live in a timestamped directory `..2026_12_03_22_10_00.123456789`, `..data` is a
 * symlink to it, and each visible top-level name is a symlink through `..data`. An update writes
 * a new timestamped directory and swaps `..data` with one rename, so a reader sees either the
 * old set of files or the new one, never a mix; the old directory is removed afterwards.
 *
 * An AtomicWriter remembers what it last wrote (or found already there): the `..data` target
 * and a copy of the payload. While `..data` still points at that directory, an unchanged payload
 * costs one readlink and an in-memory comparison; without the record (a restarted executor) the
 * files are walked and compared once, and a `..data` pointing elsewhere is rewritten. Files
 * changed inside the timestamped directory while `..data` stays are not noticed: that directory
 * belongs to the executor and containers mount the volume read-only.
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
const DIR_MODE = 0o755;

/**
 * The process umask, read once at load (Deno.umask() sets it to 0 and back, so it is not
 * called while files are being created). A timestamped directory made with mode 0755 needs a
 * chmod only when the umask masks one of those bits; files get their exact mode from writeFile
 * (which sets it on the open file, umask or not).
 */
const UMASK = Deno.umask();

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
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function samePayload(a: Payload, b: Payload): boolean {
  if (a.size !== b.size) return false;
  for (const [path, file] of b) {
    const other = a.get(path);
    if (!other || other.mode !== file.mode || !equalBytes(other.data, file.data)) return false;
  }
  return true;
}

function copyPayload(payload: Payload): Payload {
  return new Map([...payload].map(([p, f]) => [p, { data: f.data.slice(), mode: f.mode }]));
}

function topNames(payload: Payload): Set<string> {
  return new Set([...payload.keys()].map((p) => p.split("/")[0]));
}

/** True when directory `base` holds exactly `payload` (names, modes and bytes). */
async function holds(base: string, payload: Payload): Promise<boolean> {
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
 * Makes `dir`; true when this call created it (so it is empty). A missing parent (the pod's
 * first volume) means `dir` did not exist either: one recursive mkdir makes both.
 */
async function makeDir(dir: string): Promise<boolean> {
  try {
    await Deno.mkdir(dir);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return false;
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  await Deno.mkdir(dir, { recursive: true });
  return true;
}

/** Creates symlink `path` → `target`, replacing whatever is at `path`. */
async function forceSymlink(target: string, path: string): Promise<void> {
  try {
    await Deno.symlink(target, path);
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    await Deno.remove(path, { recursive: true });
    await Deno.symlink(target, path);
  }
}

/** What a writer last wrote into, or verified in, its directory. */
interface Written {
  /** The `..data` target. */
  target: string;
  /** A copy of the payload that directory holds. */
  payload: Payload;
}

/** The atomic writer of one volume directory (keep one per directory for cheap refreshes). */
export class AtomicWriter {
  /** The volume directory. */
  readonly dir: string;
  #last?: Written;

  constructor(dir: string) {
    this.dir = dir;
  }

  /**
   * Makes the directory hold `payload` (creating it if needed); returns true when it wrote
   * something. Paths must be relative and free of `..` (validation saw to that).
   */
  async write(payload: Payload): Promise<boolean> {
    const last = this.#last;
    this.#last = undefined;
    let current: string | undefined;
    let created = false;
    if (last) {
      current = await readTarget(join(this.dir, DATA));
      if (current === last.target && samePayload(last.payload, payload)) {
        this.#last = last;
        return false;
      }
      if (current === undefined) created = await makeDir(this.dir);
    } else {
      created = await makeDir(this.dir);
      if (!created) current = await readTarget(join(this.dir, DATA));
      if (current && await holds(join(this.dir, current), payload)) {
        this.#last = { target: current, payload: copyPayload(payload) };
        return false;
      }
    }
    const fresh = await this.#writeFiles(payload);
    // Our own record of the names the old directory had, when `..data` is still ours.
    const known = last && current === last.target ? last.payload : undefined;
    await this.#swap(fresh, payload, created, known);
    if (current && current !== fresh) {
      await Deno.remove(join(this.dir, current), { recursive: true }).catch(() => {});
    }
    this.#last = { target: fresh, payload: copyPayload(payload) };
    return true;
  }

  /** Writes `payload` into a new timestamped directory; returns its name. */
  async #writeFiles(payload: Payload): Promise<string> {
    const fresh = stamp();
    const base = join(this.dir, fresh);
    await Deno.mkdir(base, { mode: DIR_MODE });
    if (UMASK & DIR_MODE) await Deno.chmod(base, DIR_MODE);
    const made = new Set<string>([base]);
    for (const [path, file] of payload) {
      const target = join(base, path);
      const parent = dirname(target);
      if (!made.has(parent)) {
        await Deno.mkdir(parent, { recursive: true });
        made.add(parent);
      }
      await Deno.writeFile(target, file.data, { mode: file.mode });
    }
    return fresh;
  }

  /**
   * Points `..data` at `fresh` (one rename when it existed), links the top-level names through
   * it and removes names no longer in the payload. `created`: the directory was empty;
   * `known`: the payload `..data` pointed at until now, when this writer wrote it.
   */
  async #swap(
    fresh: string,
    payload: Payload,
    created: boolean,
    known: Payload | undefined,
  ): Promise<void> {
    const tops = topNames(payload);
    if (created) {
      await Deno.symlink(fresh, join(this.dir, DATA));
      for (const top of tops) await Deno.symlink(`${DATA}/${top}`, join(this.dir, top));
      return;
    }
    const tmp = join(this.dir, "..data_tmp");
    await forceSymlink(fresh, tmp);
    await Deno.rename(tmp, join(this.dir, DATA));
    if (known) {
      const had = topNames(known);
      for (const top of tops) {
        if (!had.has(top)) await forceSymlink(`${DATA}/${top}`, join(this.dir, top));
      }
      for (const top of had) {
        if (!tops.has(top)) {
          await Deno.remove(join(this.dir, top), { recursive: true }).catch(() => {});
        }
      }
      return;
    }
    for (const top of tops) {
      const link = join(this.dir, top);
      if (await readTarget(link) === `${DATA}/${top}`) continue;
      await Deno.remove(link, { recursive: true }).catch(() => {});
      await Deno.symlink(`${DATA}/${top}`, link);
    }
    for await (const e of Deno.readDir(this.dir)) {
      if (e.name.startsWith("..") || tops.has(e.name)) continue;
      await Deno.remove(join(this.dir, e.name), { recursive: true }).catch(() => {});
    }
  }
}

/**
 * Makes `dir` hold `payload` (creating `dir` if needed); returns true when it wrote something.
 * A one-off writer: it walks the directory to compare; keep an AtomicWriter for refreshes.
 */
export function writePayload(dir: string, payload: Payload): Promise<boolean> {
  return new AtomicWriter(dir).write(payload);
}
