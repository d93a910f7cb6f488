/**
 * Resolves a container's environment as kubelet does before the runtime sees it: service
 * variables first, then the container's `env` in order — literal values with `$(VAR)`
 * references expanded, `valueFrom.fieldRef` (downward API) and `resourceFieldRef` read from the
 * pod — and finally `$(VAR)` expanded in `command` and `args`.
 */
import type { Container, EnvVar, Pod } from "../api/types/pod.ts";
import type { RuntimeContainer } from "./pod_shape.ts";
import { parseQuantity } from "../api/quantity.ts";
import { RuntimeError, type SandboxInfo } from "./runtime.ts";

/** Expands `$(NAME)` from `vars`; `$$(NAME)` is a literal `$(NAME)`, unknown names stay as written. */
export function expandVars(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name?: string) => {
    if (m === "$$") return "$";
    return name !== undefined && name in vars ? vars[name] : m;
  });
}

function mapKey(path: string, prefix: string): string | undefined {
  const m = new RegExp(`^${prefix}\\['(.+)'\\]$`).exec(path);
  return m?.[1];
}

function fieldValue(pod: Pod, path: string, sandbox: SandboxInfo): string | undefined {
  const meta = pod.metadata;
  switch (path) {
    case "metadata.name":
      return meta.name ?? "";
    case "metadata.namespace":
      return meta.namespace ?? "default";
    case "metadata.uid":
      return meta.uid ?? "";
    case "spec.nodeName":
      return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "";
    case "status.podIP":
    case "status.podIPs":
      return sandbox.podIP;
    case "status.hostIP":
    case "status.hostIPs":
      return sandbox.hostIP ?? "";
  }
  const label = mapKey(path, "metadata\\.labels");
  if (label !== undefined) return meta.labels?.[label] ?? "";
  const annotation = mapKey(path, "metadata\\.annotations");
  if (annotation !== undefined) return meta.annotations?.[annotation] ?? "";
  return undefined;
}

function resourceValue(pod: Pod, self: Container, v: EnvVar): string {
  const ref = v.valueFrom!.resourceFieldRef!;
  const c = ref.containerName
    ? pod.spec?.containers.find((x) => x.name === ref.containerName)
    : self;
  const [kind, res] = ref.resource.split(".") as ["limits" | "requests", string];
  const q = c?.resources?.[kind]?.[res];
  if (q === undefined) return "0";
  const divisor = parseQuantity(ref.divisor ?? "1");
  return String(Math.ceil(parseQuantity(q) / (divisor || 1)));
}

/** The container with every env var literal and `$(VAR)` expanded; throws a RuntimeError otherwise. */
export function resolveContainer(
  pod: Pod,
  container: Container,
  sandbox: SandboxInfo,
  services: Record<string, string>,
): RuntimeContainer {
  const vars: Record<string, string> = pod.spec?.enableServiceLinks === false
    ? {}
    : { ...services };
  const order: string[] = Object.keys(vars);
  for (const v of container.env ?? []) {
    let value: string;
    if (v.valueFrom?.fieldRef) {
      const got = fieldValue(pod, v.valueFrom.fieldRef.fieldPath, sandbox);
      if (got === undefined) {
        throw new RuntimeError(
          "CreateContainerConfigError",
          `env ${v.name} of container "${container.name}": fieldRef ` +
            `"${v.valueFrom.fieldRef.fieldPath}" is not supported`,
        );
      }
      value = got;
    } else if (v.valueFrom?.resourceFieldRef) {
      value = resourceValue(pod, container, v);
    } else if (v.valueFrom) {
      const src = v.valueFrom.secretKeyRef ? "secretKeyRef" : "configMapKeyRef";
      const ref = v.valueFrom.secretKeyRef ?? v.valueFrom.configMapKeyRef;
      if (ref?.optional) continue;
      throw new RuntimeError(
        "CreateContainerConfigError",
        `env ${v.name} of container "${container.name}" uses ${src}, but k8sm serves no ` +
          `Secrets or ConfigMaps; set the value directly`,
      );
    } else {
      value = expandVars(v.value ?? "", vars);
    }
    if (!(v.name in vars)) order.push(v.name);
    vars[v.name] = value;
  }
  const resolved: RuntimeContainer = {
    ...(container as RuntimeContainer),
    env: order.map((name) => ({ name, value: vars[name] })),
  };
  if (container.command) resolved.command = container.command.map((a) => expandVars(a, vars));
  if (container.args) resolved.args = container.args.map((a) => expandVars(a, vars));
  return resolved;
}
