/**
 * The environment, working directory and argv of a process-runtime container. With no network
 * namespace, every container port is served on a host port, which the process learns from
 * `PORT`, `PORT0…n` (Marathon's convention, this container's ports in order) and
 * `PORT_<containerPort>` (every port of the pod, so sidecars find each other).
 */

import { hostPortOf } from "../host_ports.ts";
import type { PodIdentity, RuntimeContainer, RuntimePod } from "../pod_shape.ts";
import { RuntimeError, type StartContext } from "../runtime.ts";

/** The host port a container port is served on in the process runtime (itself if unmapped). */
export function processHostPort(
  port: { containerPort: number; hostPort?: number; protocol?: string },
  ctx: StartContext,
): number {
  return hostPortOf(port, ctx) ?? port.containerPort;
}

/** The PORT* variables of one container of the pod. */
export function portEnv(
  pod: RuntimePod,
  container: RuntimeContainer,
  ctx: StartContext,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      env[`PORT_${p.containerPort}`] = String(processHostPort(p, ctx));
    }
  }
  (container.ports ?? []).forEach((p, i) => {
    const host = String(processHostPort(p, ctx));
    env[`PORT${i}`] = host;
    if (i === 0) env.PORT = host;
  });
  return env;
}

/** argv, env and cwd of one container process. */
export interface ProcessSpec {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  /** cwd must be created (it lies inside the sandbox). */
  createCwd: boolean;
}

/**
 * Builds the process of a container. Without `command`, `args` alone are the command line, as
 * Docker runs them for an image without an ENTRYPOINT (busybox: `kubectl run x --image=busybox --
 * sleep 3600`); a container with neither fails with a clear reason.
 */
export function processSpec(
  pod: RuntimePod,
  id: PodIdentity,
  container: RuntimeContainer,
  ctx: StartContext,
  sandboxDir: string,
): ProcessSpec {
  if (!container.command?.length && !container.args?.length) {
    const image = container.image ? `image "${container.image}"` : "an image";
    throw new RuntimeError(
      "CreateContainerConfigError",
      `the process runtime needs spec.containers[].command (or args); ${image} cannot be run as ` +
        `a host process (container "${container.name}" of pod ${id.namespace}/${id.name}); ` +
        "give the command, e.g. `kubectl run NAME --image=IMAGE -- CMD ARGS…`",
    );
  }
  const argv = [...container.command ?? [], ...(container.args ?? [])];
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: sandboxDir,
    HOSTNAME: pod.spec?.hostname || id.name,
    ...(ctx.env ?? {}),
  };
  for (const e of container.env ?? []) env[e.name] = e.value ?? "";
  Object.assign(env, portEnv(pod, container, ctx));
  const wd = container.workingDir;
  const absolute = !!wd && wd.startsWith("/");
  const cwd = !wd ? sandboxDir : absolute ? wd : `${sandboxDir}/${wd}`;
  return { argv, env, cwd, createCwd: !absolute };
}
