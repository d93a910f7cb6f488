/**
 * On-disk layout and state files of the process runtime, which let a restarted executor find
 * (adopt) the processes its predecessor started:
 *
 *   <root>/pods/<uid>/sandbox.json                    pod identity and labels
 *   <root>/pods/<uid>/containers/<name>.<attempt>/state.json   pid, pgid, start, exit, labels
 *   <root>/pods/<uid>/containers/<name>.<attempt>/output        raw stdout+stderr of the process
 *   <root>/pods/<uid>/containers/<name>.<attempt>/log           the same lines, timestamped
 */

/** What `sandbox.json` holds. */
export interface SandboxRecord {
  uid: string;
  name: string;
  namespace: string;
  createdAt: string;
  labels: Record<string, string>;
}

/** What a container's `state.json` holds. */
export interface ProcessRecord {
  id: string;
  podUid: string;
  containerName: string;
  attempt: number;
  pid: number;
  /** Process group (= pid: each container is a session leader). */
  pgid: number;
  /** /proc start time of the pid (clock ticks), to tell it from a reused pid. */
  procStart?: string;
  startedAt: string;
  finishedAt?: string;
  exitCode?: number;
  reason?: string;
  message?: string;
  /** Bytes of `output` already copied into `log`. */
  logOffset?: number;
  /** Working directory and environment, reused by exec. */
  cwd: string;
  env: Record<string, string>;
  image?: string;
  labels: Record<string, string>;
  /** True when the container runs in its own mount namespace (its volumes mounted there). */
  mountNs?: boolean;
}

/**
 * The argv that runs `cmd` where the container's files are: inside its mount namespace
 * (`nsenter -t <pid> -m`) when it has one, else as is.
 */
export function inContainer(rec: ProcessRecord, cmd: string[]): string[] {
  // Entering a mount namespace moves to its root: --wd keeps the container's working dir.
  return rec.mountNs
    ? ["nsenter", "-t", String(rec.pid), "-m", `--wd=${rec.cwd}`, "--", ...cmd]
    : cmd;
}

/** Paths of the process runtime's tree. */
export class ProcessLayout {
  constructor(readonly root: string) {}

  /** The directory holding every pod sandbox. */
  podsDir(): string {
    return `${this.root}/pods`;
  }

  /** The pod's sandbox directory. */
  sandboxDir(uid: string): string {
    return `${this.podsDir()}/${safeSegment(uid)}`;
  }

  /** The directory of one container attempt, from its id `<uid>/<name>.<attempt>`. */
  containerDir(id: string): string {
    const [uid, rest] = splitId(id);
    return `${this.sandboxDir(uid)}/containers/${safeSegment(rest)}`;
  }
}

/** The id of one container attempt. */
export function processContainerId(uid: string, name: string, attempt: number): string {
  return `${uid}/${name}.${attempt}`;
}

function splitId(id: string): [string, string] {
  const slash = id.indexOf("/");
  if (slash < 0) throw new Error(`process container id "${id}" is malformed`);
  return [id.slice(0, slash), id.slice(slash + 1)];
}

function safeSegment(s: string): string {
  if (!s || s === "." || s === ".." || s.includes("/")) {
    throw new Error(`"${s}" cannot be used as a path segment of the process runtime`);
  }
  return s;
}

/** Reads a JSON file, or undefined when it does not exist or is unreadable. */
export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as T;
  } catch {
    return undefined;
  }
}

/** Writes a JSON file atomically (temp file + rename). */
export async function writeJson(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.writeTextFile(tmp, JSON.stringify(value, null, 1));
  await Deno.rename(tmp, path);
}

/** The /proc start time of `pid`, or undefined when no such process runs (or is a zombie). */
export async function procStartTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return undefined;
    return fields[19];
  } catch {
    return undefined;
  }
}

let hasProc: boolean | undefined;

/** True when the recorded process still runs (same pid and same start time). */
export async function processAlive(rec: ProcessRecord): Promise<boolean> {
  hasProc ??= await Deno.stat("/proc/self/stat").then(() => true, () => false);
  if (!hasProc) {
    // No /proc (macOS): signal 0 only says whether the pid exists.
    try {
      Deno.kill(rec.pid, 0);
      return true;
    } catch (e) {
      return !(e instanceof Deno.errors.NotFound);
    }
  }
  const start = await procStartTime(rec.pid);
  if (start === undefined) return false;
  return rec.procStart === undefined || rec.procStart === start;
}

/** Sends `signal` to the process group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: Deno.Signal): boolean {
  try {
    Deno.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
