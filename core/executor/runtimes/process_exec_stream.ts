/**
 * `kubectl exec` in the process runtime: the command runs as a host process (its own process
 * group) with the container's environment and working directory, its stdio streamed. With
 * `tty` it runs on a pseudo-terminal (process_tty.ts) that follows the client's resizes.
 */
import type { ExecProcess, ExecStreamOptions } from "../runtime.ts";
import { RuntimeError } from "../runtime.ts";
import { inContainer, type ProcessRecord, signalGroup } from "./process_state.ts";
import { resizeTty, ttyCommand } from "./process_tty.ts";

/** Spawns `cmd` in `rec`'s environment and working directory with piped stdio. */
export function processExecStream(
  rec: ProcessRecord,
  cmd: string[],
  opts: ExecStreamOptions,
): ExecProcess {
  if (cmd.length === 0) {
    throw new RuntimeError("RunContainerError", "exec needs a command; none was given");
  }
  let child: Deno.ChildProcess;
  const argv = inContainer(rec, cmd);
  const run = opts.tty ? ttyCommand(argv) : { command: argv[0], args: argv.slice(1) };
  try {
    child = new Deno.Command(run.command, {
      args: run.args,
      env: rec.env,
      clearEnv: true,
      cwd: rec.cwd,
      detached: true,
      stdin: opts.stdin ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    throw new RuntimeError(
      "RunContainerError",
      `cannot run ${JSON.stringify(cmd[0])} in container ${rec.containerName}: ${
        e instanceof Error ? e.message : String(e)
      }`,
    );
  }
  const exited = child.status.then((s) => s.signal ? 128 + signalNumber(s.signal) : s.code);
  return {
    stdin: opts.stdin ? child.stdin : undefined,
    stdout: child.stdout,
    stderr: child.stderr,
    resize: (size) => opts.tty ? resizeTty(child.pid, size) : Promise.resolve(),
    exited,
    kill: () => {
      try {
        signalGroup(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGTERM: 15,
};

function signalNumber(name: string): number {
  return SIGNALS[name] ?? 1;
}
