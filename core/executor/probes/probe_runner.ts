/**
 * Runs one liveness/readiness/startup probe once (httpGet, tcpSocket or exec — exec: the
 * command runs in the container through the runtime, exit status 0 is success) with the
 * probe's timeout. Scheduling (initialDelay, period, thresholds) belongs to the pod worker.
 */

import type { RuntimeProbe } from "../pod_shape.ts";
import { runHttpProbe, runTcpProbe } from "./network_probes.ts";
import type { ProbeResult, ProbeTarget } from "./probe_result.ts";

export { probeTargetFor } from "./probe_result.ts";
export type { ProbeOutcome, ProbeResult, ProbeTarget } from "./probe_result.ts";

/** Kubernetes' default probe timeout (seconds). */
export const DEFAULT_PROBE_TIMEOUT_SECONDS = 1;

/** Runs `probe` once against `target`. */
export function runProbe(probe: RuntimeProbe, target: ProbeTarget): Promise<ProbeResult> {
  const timeout = probe.timeoutSeconds && probe.timeoutSeconds > 0
    ? probe.timeoutSeconds
    : DEFAULT_PROBE_TIMEOUT_SECONDS;
  if (probe.httpGet) return runHttpProbe(probe.httpGet, target, timeout);
  if (probe.tcpSocket) return runTcpProbe(probe.tcpSocket, target, timeout);
  if (probe.exec) return runExecProbe(probe.exec, target, timeout);
  return Promise.resolve({
    result: "error",
    message: `probe of container "${target.container.name}" has no httpGet, tcpSocket or exec ` +
      `handler (grpc probes are not supported)`,
  });
}

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
