/**
 * An executor (or command task) as a child process: its CommandInfo run in its own process group
 * with the agent's environment, the MESOS_* variables and CommandInfo.environment on top, cwd =
 * the sandbox, stdout/stderr appended by the child itself to files in the sandbox (so an executor
 * outlives a crashed agent without a broken pipe). Killing signals the whole group. A recovered
 * agent adopts the process of an executor it did not start (`ExecutorProcess.adopt`).
 */
import { descendantsOf, killEach } from "./process_tree.ts";
import type { CommandInfo } from "./mesos_types.ts";

/** How a process ended, with the POSIX wait status Mesos reports in FAILURE events. */
export interface ProcessExit {
  code: number;
  signal: Deno.Signal | null;
  /** `code << 8` when it exited, the signal number when it was killed. */
  waitStatus: number;
}

const SIGNAL_NUMBERS: Partial<Record<Deno.Signal, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGTERM: 15,
};

/** The argv of a CommandInfo: `/bin/sh -c value` when shell (the default), else value + args. */
export function commandArgv(command: CommandInfo): string[] {
  if (command.shell ?? true) {
    if (!command.value) throw new Error("CommandInfo has shell set but no 'value' to run.");
    return ["/bin/sh", "-c", command.value];
  }
  if (!command.value) throw new Error("CommandInfo has shell=false but no executable 'value'.");
  return [command.value, ...(command.arguments ?? []).slice(1)];
}

/** CommandInfo.environment as a map (only plain VALUE variables). */
export function commandEnv(command: CommandInfo): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of command.environment?.variables ?? []) {
    if ((v.type ?? "VALUE") === "VALUE") env[v.name] = v.value ?? "";
  }
  return env;
}

/** A running child process in its own process group. */
export class ExecutorProcess {
  readonly pid: number;
  /** Resolves once the process ended and its output files are closed. */
  readonly exited: Promise<ProcessExit>;
  #child: Deno.ChildProcess | null;
  #done = false;

  private constructor(pid: number, child: Deno.ChildProcess | null, ended: Promise<ProcessExit>) {
    this.#child = child;
    this.pid = pid;
    this.exited = ended.then((exit) => {
      // Like destroying the container: whatever the executor left in its group goes too.
      try {
        Deno.kill(-this.pid, "SIGKILL");
      } catch {
        // the group is already empty
      }
      this.#done = true;
      return exit;
    });
  }

  /**
   * Adopts the live process group `pid` started by an earlier agent process (not our child, so
   * its end is noticed by polling every `pollMs`; its exit status is unknown and reported as 1).
   */
  static adopt(pid: number, pollMs = 250): ExecutorProcess {
    const ended = new Promise<ProcessExit>((resolve) => {
      const timer = setInterval(() => {
        if (processAlive(pid)) return;
        clearInterval(timer);
        resolve({ code: 1, signal: null, waitStatus: 1 << 8 });
      }, pollMs);
    });
    return new ExecutorProcess(pid, null, ended);
  }

  /** Starts `command` in `sandbox` with `env` added to the inherited environment. */
  static async spawn(
    command: CommandInfo,
    sandbox: string,
    env: Record<string, string>,
  ): Promise<ExecutorProcess> {
    const [program, ...args] = commandArgv(command);
    await requireExecutable(program, sandbox);
    await Deno.writeTextFile(`${sandbox}/stdout`, "", { append: true });
    await Deno.writeTextFile(`${sandbox}/stderr`, "", { append: true });
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command("/bin/sh", {
        args: ["-c", 'exec "$0" "$@" >>stdout 2>>stderr', program, ...args],
        cwd: sandbox,
        env: { ...env, ...commandEnv(command) },
        stdin: "null",
        stdout: "null",
        stderr: "null",
        detached: true,
      }).spawn();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`Failed to launch '${program}' in ${sandbox}: ${why}`);
    }
    const ended = child.status.then((s) => {
      const signal = s.signal ?? null;
      const waitStatus = signal ? (SIGNAL_NUMBERS[signal] ?? 9) : (s.code & 0xff) << 8;
      return { code: s.code, signal, waitStatus };
    });
    return new ExecutorProcess(child.pid, child, ended);
  }

  /**
   * Sends `signal` to the whole process group (ignored once it has exited). SIGKILL destroys
   * the container as Mesos does: every descendant dies too, also those in other sessions.
   */
  kill(signal: Deno.Signal = "SIGKILL"): void {
    if (this.#done) return;
    if (signal === "SIGKILL") killEach(descendantsOf(this.pid));
    try {
      Deno.kill(-this.pid, signal);
    } catch {
      try {
        this.#child?.kill(signal);
      } catch {
        // already gone
      }
    }
  }
}

/** Throws "Failed to launch" unless `program` (a path, or a name on PATH) is an executable file. */
async function requireExecutable(program: string, sandbox: string): Promise<void> {
  const candidates = program.includes("/")
    ? [program.startsWith("/") ? program : `${sandbox}/${program}`]
    : (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":").map((d) => `${d}/${program}`);
  for (const path of candidates) {
    const info = await Deno.stat(path).catch(() => undefined);
    if (info?.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return;
  }
  throw new Error(
    `Failed to launch '${program}' in ${sandbox}: no such executable file (check the path ` +
      `or PATH of the CommandInfo)`,
  );
}

/** True while `pid` exists and is not a zombie (Linux /proc; elsewhere signal 0). */
export function processAlive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
  }
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

/** Mesos' duration text for seconds: `5secs`, `0.5secs`. */
export function durationText(seconds: number): string {
  return `${Number(seconds.toFixed(3))}secs`;
}
