/**
 * Runs a command "inside" a process-runtime container: as a host process with the container's
 * environment and working directory (exec probes). A timeout kills its whole process group.
 */

import type { ExecResult } from "../runtime.ts";
import { inContainer, type ProcessRecord, signalGroup } from "./process_state.ts";
import { spawnSessionNow } from "./process_session.ts";

/** Output kept from an exec (bytes). */
const OUTPUT_LIMIT = 10 * 1024;

/** Runs `cmd` with the container's env and cwd; gives up after `timeoutSeconds`. */
export async function processExec(
  rec: ProcessRecord,
  cmd: string[],
  timeoutSeconds: number,
): Promise<ExecResult> {
  if (!cmd.length) return { exitCode: 126, output: "exec: no command given", timedOut: false };
  let child: Deno.ChildProcess;
  const argv = inContainer(rec, cmd);
  try {
    // Its own process group, without forking the executor (process_session.ts).
    child = spawnSessionNow({
      argv,
      env: rec.env,
      cwd: rec.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { exitCode: 127, output: `exec ${cmd[0]}: ${why}`, timedOut: false };
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // Not reaped before its output ended: the pid is still this command's.
    if (!signalGroup(child.pid, "SIGKILL")) {
      try {
        child.kill("SIGKILL");
      } catch { /* it exited meanwhile */ }
    }
  }, Math.max(0.001, timeoutSeconds) * 1000);
  try {
    const out = await child.output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    return {
      exitCode: timedOut ? -1 : out.code,
      output: text.slice(0, OUTPUT_LIMIT),
      timedOut,
    };
  } finally {
    clearTimeout(timer);
  }
}
