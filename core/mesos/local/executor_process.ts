/**
 * An executor (or command task) as a child process: its CommandInfo run in its own process group
 * with the agent's environment, the MESOS_* variables and CommandInfo.environment on top, cwd =
 * the sandbox, stdout/stderr written to files in the sandbox. Killing signals the whole group.
 */
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
  #child: Deno.ChildProcess;
  #done = false;

  private constructor(child: Deno.ChildProcess, outputs: Promise<void>) {
    this.#child = child;
    this.pid = child.pid;
    this.exited = child.status.then(async (s) => {
      // Like destroying the container: whatever the executor left in its group goes too.
      try {
        Deno.kill(-this.pid, "SIGKILL");
      } catch {
        // the group is already empty
      }
      this.#done = true;
      await outputs;
      const signal = s.signal ?? null;
      const waitStatus = signal ? (SIGNAL_NUMBERS[signal] ?? 9) : (s.code & 0xff) << 8;
      return { code: s.code, signal, waitStatus };
    });
  }

  /** Starts `command` in `sandbox` with `env` added to the inherited environment. */
  static async spawn(
    command: CommandInfo,
    sandbox: string,
    env: Record<string, string>,
  ): Promise<ExecutorProcess> {
    const [program, ...args] = commandArgv(command);
    const stdout = await Deno.open(`${sandbox}/stdout`, {
      write: true,
      create: true,
      append: true,
    });
    const stderr = await Deno.open(`${sandbox}/stderr`, {
      write: true,
      create: true,
      append: true,
    });
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command(program, {
        args,
        cwd: sandbox,
        env: { ...env, ...commandEnv(command) },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        detached: true,
      }).spawn();
    } catch (e) {
      stdout.close();
      stderr.close();
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`Failed to launch '${program}' in ${sandbox}: ${why}`);
    }
    const outputs = Promise.all([
      child.stdout.pipeTo(stdout.writable),
      child.stderr.pipeTo(stderr.writable),
    ]).then(() => undefined, () => undefined);
    return new ExecutorProcess(child, outputs);
  }

  /** Sends `signal` to the whole process group (ignored once it has exited). */
  kill(signal: Deno.Signal = "SIGKILL"): void {
    if (this.#done) return;
    try {
      Deno.kill(-this.pid, signal);
    } catch {
      try {
        this.#child.kill(signal);
      } catch {
        // already gone
      }
    }
  }
}

/** Mesos' duration text for seconds: `5secs`, `0.5secs`. */
export function durationText(seconds: number): string {
  return `${Number(seconds.toFixed(3))}secs`;
}
