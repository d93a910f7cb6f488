/** exec probes: run the command in the container; exit status 0 is success. */

import type { RuntimeProbe } from "../pod_shape.ts";
import type { ProbeResult, ProbeTarget } from "./probe_result.ts";

/** Runs an exec probe through the target's runtime exec. */
export async function runExecProbe(
  spec: NonNullable<RuntimeProbe["exec"]>,
  target: ProbeTarget,
  timeoutSeconds: number,
): Promise<ProbeResult> {
  const cmd = spec.command ?? [];
  if (!cmd.length) {
    return {
      result: "error",
      message: `exec probe of container "${target.container.name}" has no command`,
    };
  }
  if (!target.exec) {
    return { result: "error", message: "exec probes need a runtime that can exec" };
  }
  try {
    const r = await target.exec(cmd, timeoutSeconds);
    const output = r.output.trim().slice(0, 1024);
    if (r.timedOut) {
      return {
        result: "failure",
        message: `command ${JSON.stringify(cmd)} timed out after ${timeoutSeconds}s`,
      };
    }
    if (r.exitCode === 0) return { result: "success", message: output };
    return {
      result: "failure",
      message: `command ${JSON.stringify(cmd)} exited with ${r.exitCode}${
        output ? `: ${output}` : ""
      }`,
    };
  } catch (e) {
    return {
      result: "error",
      message: `cannot exec ${JSON.stringify(cmd)}: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
