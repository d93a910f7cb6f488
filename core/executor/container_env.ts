/**
 * Resolves a container's environment as kubelet does before the runtime sees it: service
 * variables first (and KUBERNETES_SERVICE_HOST/PORT naming the apiserver, for in-cluster
 * config), then `envFrom` (ConfigMaps and Secrets, with `prefix`), then the container's `env` in
 * order — literal values with `$(VAR)` references expanded, `valueFrom` read from the pod
 * (fieldRef, resourceFieldRef), a ConfigMap or a Secret — and finally `$(VAR)` expanded in
 * `command` and `args`. A missing object or key that is not `optional` is a
 * CreateContainerConfigError naming it, in kubelet's words.
 */
import type { Container, EnvVar, Pod } from "../api/types/pod.ts";
import { decodeBase64Strict } from "../api/validation/config_data.ts";
import { isEnvVarName } from "../api/name_rules.ts";
import type { RuntimeContainer } from "./pod_shape.ts";
import { RuntimeError, type SandboxInfo } from "./runtime.ts";
import { podFieldValue, resourceFieldValue } from "./volumes/downward_values.ts";
import type { PodObjectSource } from "./volumes/pod_object_source.ts";

/** Expands `$(NAME)` from `vars`; `$$(NAME)` is a literal `$(NAME)`, unknown names stay as written. */
export function expandVars(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name?: string) => {
    if (m === "$$") return "$";
    return name !== undefined && name in vars ? vars[name] : m;
  });
}

function configError(message: string): RuntimeError {
  return new RuntimeError("CreateContainerConfigError", message);
}

const decoder = new TextDecoder();

/** Reads ConfigMap and Secret data as strings, failing in kubelet's words. */
class KeySource {
  constructor(readonly ns: string, readonly source: PodObjectSource | undefined) {}

  async data(
    kind: "configmap" | "secret",
    name: string,
    optional: boolean | undefined,
  ): Promise<Record<string, string> | undefined> {
    if (!this.source) {
      if (optional) return undefined;
      throw configError(
        `${kind} "${name}" cannot be read: this executor has no apiserver connection`,
      );
    }
    if (kind === "configmap") {
      const cm = await this.source.configMap(this.ns, name);
      if (!cm && !optional) throw configError(`configmap "${name}" not found`);
      return cm ? { ...cm.data } : undefined;
    }
    const s = await this.source.secret(this.ns, name);
    if (!s && !optional) throw configError(`secret "${name}" not found`);
    if (!s) return undefined;
    return Object.fromEntries(
      Object.entries(s.data ?? {}).map(([k, v]) => [k, decoder.decode(decodeBase64Strict(v))]),
    );
  }

  async key(v: EnvVar): Promise<string | undefined> {
    const cm = v.valueFrom?.configMapKeyRef;
    const ref = cm ?? v.valueFrom!.secretKeyRef!;
    const kind = cm ? "configmap" : "secret";
    const data = await this.data(kind, ref.name ?? "", ref.optional);
    if (!data) return undefined;
    if (!(ref.key in data)) {
      if (ref.optional) return undefined;
      const what = cm ? "ConfigMap" : "Secret";
      throw configError(`couldn't find key ${ref.key} in ${what} ${this.ns}/${ref.name}`);
    }
    return data[ref.key];
  }
}

/** The container with every env var resolved and `$(VAR)` expanded; throws a RuntimeError otherwise. */
export async function resolveContainer(
  pod: Pod,
  container: Container,
  sandbox: SandboxInfo,
  services: Record<string, string>,
  source?: PodObjectSource,
): Promise<RuntimeContainer> {
  const vars: Record<string, string> = pod.spec?.enableServiceLinks === false
    ? {}
    : { ...services };
  const api = source?.apiServer();
  if (api) {
    vars.KUBERNETES_SERVICE_HOST = api.host;
    vars.KUBERNETES_SERVICE_PORT = api.port;
  }
  const order: string[] = Object.keys(vars);
  const set = (name: string, value: string) => {
    if (!(name in vars)) order.push(name);
    vars[name] = value;
  };
  const keys = new KeySource(pod.metadata.namespace ?? "default", source);
  for (const from of container.envFrom ?? []) {
    const kind = from.configMapRef ? "configmap" : "secret";
    const ref = from.configMapRef ?? from.secretRef;
    const data = await keys.data(kind, ref?.name ?? "", ref?.optional);
    for (const [k, value] of Object.entries(data ?? {})) {
      const name = `${from.prefix ?? ""}${k}`;
      // kubelet skips keys that are no valid variable names (with an event).
      if (isEnvVarName(name).length === 0) set(name, value);
    }
  }
  for (const v of container.env ?? []) {
    let value: string | undefined;
    if (v.valueFrom?.fieldRef) {
      value = podFieldValue(pod, v.valueFrom.fieldRef.fieldPath, sandbox);
      if (value === undefined) {
        throw configError(
          `env ${v.name} of container "${container.name}": fieldRef ` +
            `"${v.valueFrom.fieldRef.fieldPath}" is not supported`,
        );
      }
    } else if (v.valueFrom?.resourceFieldRef) {
      value = resourceFieldValue(pod, container, v.valueFrom.resourceFieldRef);
    } else if (v.valueFrom?.configMapKeyRef || v.valueFrom?.secretKeyRef) {
      value = await keys.key(v);
      if (value === undefined) continue;
    } else {
      value = expandVars(v.value ?? "", vars);
    }
    set(v.name, value);
  }
  const resolved: RuntimeContainer = {
    ...(container as RuntimeContainer),
    env: order.map((name) => ({ name, value: vars[name] })),
  };
  if (container.command) resolved.command = container.command.map((a) => expandVars(a, vars));
  if (container.args) resolved.args = container.args.map((a) => expandVars(a, vars));
  return resolved;
}
