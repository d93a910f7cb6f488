/**
 * The subset of a core/v1 Pod that the container runtimes and probes read. It is structural on
 * purpose: a full `Pod` from core/api/types is assignable to `RuntimePod`, so runtimes do not
 * depend on every field of the API types.
 */

/** A quantity as the API carries it ("250m", "64Mi", 2). */
export type QuantityValue = string | number;

/** An environment variable of a container (only literal values are used by runtimes). */
export interface RuntimeEnvVar {
  name: string;
  value?: string;
}

/** A port a container declares. */
export interface RuntimeContainerPort {
  name?: string;
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: string;
}

/** An HTTP header a probe sends. */
export interface RuntimeHTTPHeader {
  name: string;
  value: string;
}

/** A liveness/readiness/startup probe (core/v1 Probe). */
export interface RuntimeProbe {
  httpGet?: {
    path?: string;
    port: number | string;
    host?: string;
    scheme?: string;
    httpHeaders?: RuntimeHTTPHeader[];
  };
  tcpSocket?: { port: number | string; host?: string };
  exec?: { command?: string[] };
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

/** A postStart/preStop hook (core/v1 LifecycleHandler): exec, httpGet, tcpSocket or sleep. */
export type RuntimeLifecycleHandler = Pick<RuntimeProbe, "exec" | "httpGet" | "tcpSocket"> & {
  sleep?: { seconds: number };
};

/** One container of a pod spec. */
export interface RuntimeContainer {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: RuntimeEnvVar[];
  ports?: RuntimeContainerPort[];
  resources?: {
    limits?: Record<string, QuantityValue>;
    requests?: Record<string, QuantityValue>;
  };
  imagePullPolicy?: string;
  livenessProbe?: RuntimeProbe;
  readinessProbe?: RuntimeProbe;
  startupProbe?: RuntimeProbe;
  lifecycle?: { postStart?: RuntimeLifecycleHandler; preStop?: RuntimeLifecycleHandler };
  tty?: boolean;
  /** The main process gets a stdin that stays open, written to by `kubectl attach -i`. */
  stdin?: boolean;
  /** With `stdin`: the stdin closes (EOF) when the first attach that wrote to it ends. */
  stdinOnce?: boolean;
}

/** The pod as runtimes see it. */
export interface RuntimePod {
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: {
    containers: RuntimeContainer[];
    hostNetwork?: boolean;
    terminationGracePeriodSeconds?: number;
    /** The containers' hostname instead of the pod name. */
    hostname?: string;
    /** With it, the domain is `<subdomain>.<namespace>.svc.cluster.local`. */
    subdomain?: string;
  };
}

/** The identity of a pod that runtimes label containers with. */
export interface PodIdentity {
  uid: string;
  name: string;
  namespace: string;
}

/** Reads a pod's identity, failing with a clear sentence when the uid or name is missing. */
export function podIdentity(pod: RuntimePod): PodIdentity {
  const { uid, name } = pod.metadata;
  if (!uid || !name) {
    throw new Error(
      `pod "${name ?? "?"}" has no metadata.uid or metadata.name; the runtime needs both to ` +
        `label its containers (was the pod created through the apiserver?)`,
    );
  }
  return { uid, name, namespace: pod.metadata.namespace || "default" };
}
