/**
 * Runs one liveness/readiness/startup probe once (httpGet, tcpSocket or exec) with the probe's
 * timeout. Scheduling (initialDelay, period, thresholds) belongs to the pod worker.
 */

import type { RuntimeContainer, RuntimeProbe } from "../pod_shape.ts";
import { processHostPort } from "../runtimes/process_env.ts";
import type { ContainerRef, Runtime, SandboxInfo, StartContext } from "../runtime.ts";
import { runExecProbe } from "./exec_probe.ts";
import { runHttpProbe } from "./http_probe.ts";
import type { ProbeResult, ProbeTarget } from "./probe_result.ts";
import { runTcpProbe } from "./tcp_probe.ts";

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

/**
 * The probe target of a running container: the pod IP, runtime exec, and — for the process
 * runtime, which serves container ports on host ports — the port mapping.
 */
export function probeTargetFor(
  runtime: Runtime,
  sandbox: SandboxInfo,
  container: RuntimeContainer,
  ref: ContainerRef,
  ctx: StartContext,
): ProbeTarget {
  const target: ProbeTarget = {
    host: sandbox.podIP,
    container,
    exec: (cmd, timeout) => runtime.execInContainer(ref, cmd, timeout),
  };
  if (runtime.name === "process") {
    target.resolvePort = (containerPort) => {
      const declared = container.ports?.find((p) => p.containerPort === containerPort);
      return processHostPort(declared ?? { containerPort }, ctx);
    };
  }
  return target;
}
