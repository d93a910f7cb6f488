/**
 * Spawns a process-runtime container as the leader of a new session and process group
 * (pgid = sid = pid), which every kill (`kill(-pgid)`) and adoption relies on.
 *
 * Deno's `detached: true` gets there by forking the executor (copying its page tables) instead
 * of vfork/posix_spawn, and blocks the event loop until the child execs: milliseconds per start
 * idle, a hundred under load. So on Linux the child is spawned plainly through `setsid`
 * (util-linux or busybox), which calls setsid(2) and execs the command in the same process: it
 * forks only when the caller leads a process group, and a plain child of the executor never
 * does. The first spawn is checked (it returns once /proc shows the new group); if setsid is
 * missing or misbehaves there, containers are spawned `detached` for good. Later spawns return
 * at once, so setsid(2) may not have run yet: a stop that finds no group signals the pid
 * (process_runtime.ts).
 */
import { logger } from "../../util/log.ts";

const log = logger("process-runtime");

/** What `spawnSession` starts; stdin is piped and output discarded unless told. */
export interface SessionSpawn {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  stdin?: "piped" | "null";
  stdout?: "piped" | "null";
  stderr?: "piped" | "null";
}

/** A spawned session leader and its /proc start time (undefined without /proc). */
export interface SpawnedSession {
  child: Deno.ChildProcess;
  procStart?: string;
}

/** How long a spawned setsid may take to become its group's leader. */
const SETSID_DEADLINE_MS = 10_000;

let setsidArgv: string[] | null | undefined;
/** The first setsid spawn made its child a group leader. */
let setsidChecked = false;

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The setsid command line to prefix, or null when containers must be spawned detached. */
function setsidPrefix(): string[] | null {
  if (setsidArgv !== undefined) return setsidArgv;
  setsidArgv = null;
  if (Deno.build.os !== "linux" || !isFile("/proc/self/stat")) return null;
  for (const p of ["/usr/bin/setsid", "/bin/setsid"]) {
    if (isFile(p)) return setsidArgv = [p];
  }
  for (const p of ["/bin/busybox", "/usr/bin/busybox"]) {
    if (isFile(p)) return setsidArgv = [p, "setsid"];
  }
  return null;
}

/**
 * `/proc/<pid>/stat` fields after the command name (state is [0], pgrp [2], start [19]). Read
 * asynchronously: right after a spawn the read waits (~1 ms) for the child's execve to finish.
 */
async function procStat(pid: number): Promise<string[] | undefined> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  } catch {
    return undefined;
  }
}

function spawn(s: SessionSpawn, prefix: string[] | null): Deno.ChildProcess {
  const argv = [...prefix ?? [], ...s.argv];
  return new Deno.Command(argv[0], {
    args: argv.slice(1),
    env: s.env,
    clearEnv: true,
    cwd: s.cwd,
    detached: prefix === null,
    stdin: s.stdin ?? "piped",
    stdout: s.stdout ?? "null",
    stderr: s.stderr ?? "null",
  }).spawn();
}

/** Waits until the child leads its own process group; its start time, or undefined if not. */
async function ledGroup(child: Deno.ChildProcess): Promise<string | undefined> {
  const deadline = Date.now() + SETSID_DEADLINE_MS;
  for (let wait = 0; Date.now() < deadline; wait = Math.min(20, wait + 1)) {
    const f = await procStat(child.pid);
    if (!f || f[0] === "Z" || f[0] === "X") return undefined;
    if (f[2] === String(child.pid)) return f[19];
    await new Promise((r) => setTimeout(r, wait));
  }
  return undefined;
}

/**
 * Spawns `s.argv` (its stdin piped, its output discarded) as a session leader; throws what
 * Deno.Command throws when the program cannot start.
 */
export async function spawnSession(s: SessionSpawn): Promise<SpawnedSession> {
  const prefix = setsidPrefix();
  if (prefix && setsidChecked) return await started(spawn(s, prefix));
  if (prefix) {
    const child = spawn(s, prefix);
    const procStart = await ledGroup(child);
    setsidChecked = procStart !== undefined;
    if (procStart !== undefined) return { child, procStart };
    // setsid forked or failed: the command (waiting for its go line on stdin) ends with it.
    log.warn(
      `${prefix.join(" ")} did not make pid ${child.pid} a session leader; spawning ` +
        `containers detached from now on`,
    );
    setsidArgv = null;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.stdin.close().catch(() => {});
    await child.status.catch(() => {});
  }
  return await started(spawn(s, null));
}

/**
 * Spawns `s.argv` as a session leader without waiting for anything (exec probes): through
 * setsid once a container start showed it works, else detached. Until setsid(2) ran, its
 * group does not exist: signal the pid when signalling the group fails.
 */
export function spawnSessionNow(s: SessionSpawn): Deno.ChildProcess {
  return spawn(s, setsidChecked ? setsidPrefix() : null);
}

async function started(child: Deno.ChildProcess): Promise<SpawnedSession> {
  const f = await procStat(child.pid);
  return { child, procStart: f && f[0] !== "Z" && f[0] !== "X" ? f[19] : undefined };
}
