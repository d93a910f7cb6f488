/**
 * Which host port serves each container port of a pod: the declared `hostPort`, or the one the
 * scheduler mapped (wildcard mapping) and handed over in `StartContext.hostPorts`.
 */

import type { RuntimeContainer, RuntimeContainerPort, RuntimePod } from "./pod_shape.ts";
import type { StartContext } from "./runtime.ts";

/** A container port together with the host port serving it. */
export interface HostPortBinding {
  containerName: string;
  containerPort: number;
  /** "TCP", "UDP" or "SCTP". */
  protocol: string;
  hostPort: number;
  hostIP?: string;
  name?: string;
}

/** The host port of one container port, or undefined when it has none. */
export function hostPortOf(port: RuntimeContainerPort, ctx: StartContext): number | undefined {
  if (port.hostPort && port.hostPort > 0) return port.hostPort;
  const proto = (port.protocol || "TCP").toUpperCase();
  const mapped = ctx.hostPorts?.[`${port.containerPort}/${proto}`] ??
    ctx.hostPorts?.[String(port.containerPort)];
  return mapped && mapped > 0 ? mapped : undefined;
}

/** The host-port bindings of one container. */
export function containerHostPorts(
  container: RuntimeContainer,
  ctx: StartContext,
): HostPortBinding[] {
  const out: HostPortBinding[] = [];
  for (const p of container.ports ?? []) {
    const hostPort = hostPortOf(p, ctx);
    if (hostPort === undefined) continue;
    out.push({
      containerName: container.name,
      containerPort: p.containerPort,
      protocol: (p.protocol || "TCP").toUpperCase(),
      hostPort,
      hostIP: p.hostIP,
      name: p.name,
    });
  }
  return out;
}

/** The host-port bindings of every container of the pod (what the sandbox must publish). */
export function podHostPorts(pod: RuntimePod, ctx: StartContext): HostPortBinding[] {
  return (pod.spec?.containers ?? []).flatMap((c) => containerHostPorts(c, ctx));
}
