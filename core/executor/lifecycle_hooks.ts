/**
 * Runs a container's lifecycle hooks as a kubelet does: `postStart` right after the container
 * started (a failure kills the container: FailedPostStartHook), `preStop` before the SIGTERM of
 * a stop, within the grace period (a failure is reported, the stop goes on: FailedPreStopHook).
 * A hook is exec (in the container), httpGet, tcpSocket or sleep.
 */
import type { RuntimeLifecycleHandler } from "./pod_shape.ts";
import { runHttpProbe, runTcpProbe } from "./probes/network_probes.ts";
import { type ProbeResult, type ProbeTarget, runExecProbe } from "./probes/probe_runner.ts";

/** Which hook runs. */
export type HookKind = "PostStart" | "PreStop";

/** Runs `handler` against `target` for at most `timeoutSeconds`. */
export async function runLifecycleHook(
  handler: RuntimeLifecycleHandler,
  target: ProbeTarget,
  timeoutSeconds: number,
): Promise<ProbeResult> {
  const timeout = Math.max(1, timeoutSeconds);
  if (handler.exec) return await runExecProbe(handler.exec, target, timeout);
  if (handler.httpGet) return await runHttpProbe(handler.httpGet, target, timeout);
  if (handler.tcpSocket) return await runTcpProbe(handler.tcpSocket, target, timeout);
  if (handler.sleep) {
    const ms = Math.max(0, Math.min(handler.sleep.seconds, timeoutSeconds)) * 1000;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { result: "success", message: "" };
  }
  return {
    result: "error",
    message: `the lifecycle hook of container "${target.container.name}" has no exec, ` +
      `httpGet, tcpSocket or sleep handler`,
  };
}

/** The kubelet's event message of a failed hook. */
export function hookFailureMessage(kind: HookKind, container: string, r: ProbeResult): string {
  const what = kind === "PostStart" ? "PostStartHook" : "PreStopHook";
  return `${what} failed for container "${container}": ${r.message || r.result}`;
}
