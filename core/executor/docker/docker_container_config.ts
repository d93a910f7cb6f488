/**
 * Builds Docker Engine API `POST /containers/create` bodies for a pod: the infra (sandbox)
 * container that owns the network namespace and the port bindings, and the app containers
 * joined to it. Kubernetes' command/args map to Entrypoint/Cmd.
 */

import { podHostPorts } from "../host_ports.ts";
import type { PodIdentity, RuntimeContainer, RuntimePod } from "../pod_shape.ts";
import { containerLimits } from "../resource_limits.ts";
import { LABELS, SANDBOX_CONTAINER_NAME, type StartContext } from "../runtime.ts";

/** A create request: the container name and the JSON body. */
export interface CreateRequest {
  name: string;
  body: Record<string, unknown>;
}

/** The infra container settings (`--pod-infra-image`, `--pod-infra-command`). */
export interface InfraSettings {
  image: string;
  /** Replaces the image's entrypoint when set (e.g. ["sleep", "2147483647"]). */
  command?: string[];
}

/** Docker allows [a-zA-Z0-9][a-zA-Z0-9_.-] in names. */
function safe(part: string): string {
  return part.replace(/[^a-zA-Z0-9_.-]/g, "-");
}

/** Kubelet-style container name: `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`. */
export function dockerContainerName(id: PodIdentity, container: string, attempt: number): string {
  return ["k8s", container, id.name, id.namespace, id.uid, String(attempt)].map(safe).join("_");
}

/** The labels every container of the pod carries. */
export function podLabels(
  id: PodIdentity,
  containerName: string,
  ctx: StartContext,
  extra: Record<string, string>,
): Record<string, string> {
  const labels: Record<string, string> = {
    ...extra,
    [LABELS.managed]: "true",
    [LABELS.podUid]: id.uid,
    [LABELS.podName]: id.name,
    [LABELS.podNamespace]: id.namespace,
    [LABELS.containerName]: containerName,
    [LABELS.attempt]: String(ctx.attempt ?? 0),
    [LABELS.role]: containerName === SANDBOX_CONTAINER_NAME ? "sandbox" : "container",
  };
  if (ctx.taskId) labels[LABELS.taskId] = ctx.taskId;
  if (ctx.executorId) labels[LABELS.executorId] = ctx.executorId;
  return labels;
}

/** The create request of the pod's infra container, with every host-port binding. */
export function sandboxCreateRequest(
  pod: RuntimePod,
  id: PodIdentity,
  ctx: StartContext,
  infra: InfraSettings,
  extraLabels: Record<string, string>,
): CreateRequest {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const b of podHostPorts(pod, ctx)) {
    const key = `${b.containerPort}/${b.protocol.toLowerCase()}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: b.hostIP ?? "", HostPort: String(b.hostPort) });
  }
  const hostNetwork = pod.spec?.hostNetwork === true;
  const body: Record<string, unknown> = {
    Image: infra.image,
    Hostname: hostNetwork ? undefined : podHostname(id, pod.spec),
    Domainname: hostNetwork ? undefined : podDomainname(id, pod.spec),
    Labels: podLabels(id, SANDBOX_CONTAINER_NAME, { ...ctx, attempt: 0 }, extraLabels),
    ExposedPorts: hostNetwork ? undefined : exposed,
    // "shareable" lets app containers join the IPC namespace (Docker ≥ 18.09 needs it).
    HostConfig: hostNetwork
      ? { NetworkMode: "host", IpcMode: "shareable" }
      : { PortBindings: bindings, IpcMode: "shareable" },
  };
  if (infra.command?.length) {
    body.Entrypoint = [infra.command[0]];
    body.Cmd = infra.command.slice(1);
  }
  return { name: dockerContainerName(id, SANDBOX_CONTAINER_NAME, 0), body };
}

/** The hostname a pod's containers get: `spec.hostname`, else the pod name, as in Kubernetes. */
export function podHostname(id: PodIdentity, spec?: RuntimePod["spec"]): string {
  return safe(spec?.hostname || id.name).slice(0, 63);
}

/** The domain name of a pod with `spec.subdomain` (`<subdomain>.<namespace>.svc.cluster.local`). */
export function podDomainname(id: PodIdentity, spec?: RuntimePod["spec"]): string | undefined {
  return spec?.subdomain ? `${spec.subdomain}.${id.namespace}.svc.cluster.local` : undefined;
}

/**
 * The create request of one app container joined to the sandbox's namespaces. `hostname` (the
 * pod name) is set explicitly: podman does not carry the sandbox's hostname over to containers
 * joining its network namespace (Docker does, and refuses the field: the runtime retries
 * without it).
 */
export function containerCreateRequest(
  id: PodIdentity,
  container: RuntimeContainer,
  sandboxId: string,
  ctx: StartContext,
  extraLabels: Record<string, string>,
  hostname?: string,
  domainname?: string,
): CreateRequest {
  const env = new Map<string, string>(Object.entries(ctx.env ?? {}));
  for (const e of container.env ?? []) env.set(e.name, e.value ?? "");
  const limits = containerLimits(container);
  const hostConfig: Record<string, unknown> = {
    NetworkMode: `container:${sandboxId}`,
    IpcMode: `container:${sandboxId}`,
  };
  if (ctx.mounts?.length) {
    hostConfig.Mounts = ctx.mounts.map((m) => ({
      Type: "bind",
      Source: m.source,
      Target: m.target,
      ReadOnly: m.readOnly,
    }));
  }
  if (limits.memoryBytes > 0) hostConfig.Memory = limits.memoryBytes;
  if (limits.nanoCpus > 0) hostConfig.NanoCpus = limits.nanoCpus;
  if (limits.cpuShares > 0) hostConfig.CpuShares = limits.cpuShares;
  const body: Record<string, unknown> = {
    Image: container.image,
    Env: [...env].map(([k, v]) => `${k}=${v}`),
    Labels: podLabels(id, container.name, ctx, extraLabels),
    Tty: container.tty === true,
    HostConfig: hostConfig,
  };
  if (container.stdin) {
    // As kubelet's Docker runtime: stdin stays open for `kubectl attach -i`; with stdinOnce
    // the engine closes it when the first attached client leaves.
    Object.assign(body, {
      OpenStdin: true,
      AttachStdin: true,
      StdinOnce: container.stdinOnce === true,
    });
  }
  if (hostname) body.Hostname = hostname;
  if (hostname && domainname) body.Domainname = domainname;
  if (container.command?.length) {
    body.Entrypoint = container.command;
    // Kubernetes: a command without args ignores the image's CMD.
    body.Cmd = container.args ?? [];
  } else if (container.args?.length) {
    body.Cmd = container.args;
  }
  if (container.workingDir) body.WorkingDir = container.workingDir;
  return { name: dockerContainerName(id, container.name, ctx.attempt ?? 0), body };
}
