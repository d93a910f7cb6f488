/**
 * What a probe runs against and what it reports: the target (pod IP, container, port mapping,
 * runtime exec) built from a running container, and the result of one run.
 */

import type { RuntimeContainer } from "../pod_shape.ts";
import { processHostPort } from "../runtimes/process_env.ts";
import type { ContainerRef, ExecResult, Runtime, SandboxInfo, StartContext } from "../runtime.ts";
/** success, failure (the check said no) or error (the probe could not be run as written). */
export type ProbeOutcome = "success" | "failure" | "error";

/** One probe run's result with a sentence saying why. */
export interface ProbeResult {
  result: ProbeOutcome;
  message: string;
  /** A success kubelet reports as a ProbeWarning event (an httpGet redirect not followed). */
  warning?: string;
}

/** Where and how a probe reaches its container. */
export interface ProbeTarget {
  /** Default host of httpGet/tcpSocket probes (the pod IP). */
  host: string;
  /** The container the probe belongs to (named ports are looked up in its `ports`). */
  container: RuntimeContainer;
  /**
   * Maps a container port to the port to dial (the process runtime serves container ports on
   * host ports); identity when absent.
   */
  resolvePort?: (containerPort: number) => number;
  /** Runs a command in the container (exec probes). */
  exec?: (cmd: string[], timeoutSeconds: number) => Promise<ExecResult>;
}

/** Resolves a probe's `port` (number, numeric string or container port name) to a dial port. */
export function resolveProbePort(
  port: number | string,
  target: ProbeTarget,
): number | ProbeResult {
  let n: number | undefined;
  if (typeof port === "number") n = port;
  else if (/^\d+$/.test(port)) n = Number(port);
  else n = target.container.ports?.find((p) => p.name === port)?.containerPort;
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > 65535) {
    return {
      result: "error",
      message: `probe port "${port}" of container "${target.container.name}" is neither a ` +
        `port number nor the name of one of its ports`,
    };
  }
  return target.resolvePort ? target.resolvePort(n) : n;
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
