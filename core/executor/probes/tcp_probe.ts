/** tcpSocket probes: success when a TCP connection to host:port opens within the timeout. */

import type { RuntimeProbe } from "../pod_shape.ts";
import { type ProbeResult, type ProbeTarget, resolveProbePort } from "./probe_result.ts";

/** Runs a tcpSocket probe. */
export async function runTcpProbe(
  spec: NonNullable<RuntimeProbe["tcpSocket"]>,
  target: ProbeTarget,
  timeoutSeconds: number,
): Promise<ProbeResult> {
  const port = resolveProbePort(spec.port, target);
  if (typeof port !== "number") return port;
  const hostname = spec.host || target.host;
  const signal = AbortSignal.timeout(Math.max(0.001, timeoutSeconds) * 1000);
  try {
    const conn = await Deno.connect({ hostname, port, signal });
    conn.close();
    return { result: "success", message: `connected to ${hostname}:${port}` };
  } catch (e) {
    const why = signal.aborted
      ? `timed out after ${timeoutSeconds}s`
      : e instanceof Error
      ? e.message
      : String(e);
    return { result: "failure", message: `dial tcp ${hostname}:${port}: ${why}` };
  }
}
