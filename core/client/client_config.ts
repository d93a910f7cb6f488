/**
 * Where the client connects and as whom: `--server`/`-s`, then `KUBERNETES_MASTER` (the
 * seed's variable), then the kubeconfig's current context (`--kubeconfig`, `KUBECONFIG`,
 * `~/.kube/config`), else http://localhost:8080.
 */
import { loadKubeconfigContext } from "./kubeconfig.ts";
import type { RestConfig } from "./rest_client.ts";

/** The server used when nothing else names one. */
export const DEFAULT_SERVER = "http://localhost:8080";

/** A resolved client configuration. */
export interface ClientConfig extends RestConfig {
  /** The namespace of namespaced requests (`-n`, the context's namespace, else "default"). */
  namespace: string;
  /** True when the namespace came from `-n` (manifests in another namespace are then refused). */
  namespaceFromFlag: boolean;
  /** Where the server came from: "--server", "KUBERNETES_MASTER", "kubeconfig" or "default". */
  serverSource: "--server" | "KUBERNETES_MASTER" | "kubeconfig" | "default";
}

/** The inputs of resolution: flags, plus the environment and home directory (for tests). */
export interface ClientConfigInputs {
  server?: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
  /** Environment lookup; defaults to Deno.env. */
  env?: (name: string) => string | undefined;
  /** Home directory; defaults to $HOME. */
  home?: string;
}

/** Adds "http://" to a bare "host:port" (the seed's `-master=host:8888` style). */
export function normalizeServer(server: string): string {
  const s = server.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return s.replace(/\/+$/, "");
  return `http://${s}`.replace(/\/+$/, "");
}

const SOURCE_TEXT: Record<ClientConfig["serverSource"], string> = {
  "--server": "--server",
  KUBERNETES_MASTER: "KUBERNETES_MASTER",
  kubeconfig: "the kubeconfig",
  default: "the default",
};

/** The normalized server URL; throws naming the text and its source when it is no http(s) URL. */
function checkedServer(server: string, source: ClientConfig["serverSource"]): string {
  const url = normalizeServer(server);
  let ok = false;
  try {
    const parsed = new URL(url);
    ok = (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname !== "";
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new Error(
      `the API server address ${JSON.stringify(server)} (from ${SOURCE_TEXT[source]}) is not a ` +
        "valid URL; write it like http://host:8080 or https://host:6443",
    );
  }
  return url;
}

/** The kubeconfig files to read, in precedence order. */
export function kubeconfigPaths(
  flag: string | undefined,
  env: (name: string) => string | undefined,
  home: string | undefined,
): string[] {
  if (flag) return [flag];
  const list = env("KUBECONFIG");
  if (list) return list.split(":").filter((p) => p !== "");
  return home ? [`${home}/.kube/config`] : [];
}

/** Resolves the client configuration from flags, environment and kubeconfig. */
export function resolveClientConfig(inputs: ClientConfigInputs = {}): ClientConfig {
  const env = inputs.env ?? ((n: string) => Deno.env.get(n));
  const home = inputs.home ?? env("HOME");
  const paths = kubeconfigPaths(inputs.kubeconfig, env, home);
  if (inputs.kubeconfig) {
    try {
      Deno.statSync(inputs.kubeconfig);
    } catch {
      throw new Error(`the kubeconfig "${inputs.kubeconfig}" does not exist; check --kubeconfig`);
    }
  }
  const kc = loadKubeconfigContext(paths, inputs.context);
  let server: string;
  let serverSource: ClientConfig["serverSource"];
  const master = env("KUBERNETES_MASTER");
  if (inputs.server) {
    server = inputs.server;
    serverSource = "--server";
  } else if (master) {
    server = master;
    serverSource = "KUBERNETES_MASTER";
  } else if (kc?.server) {
    server = kc.server;
    serverSource = "kubeconfig";
  } else {
    server = DEFAULT_SERVER;
    serverSource = "default";
  }
  return {
    server: checkedServer(server, serverSource),
    serverSource,
    token: inputs.token ?? kc?.token,
    caCerts: kc?.caPem ? [kc.caPem] : undefined,
    insecureSkipTlsVerify: inputs.insecureSkipTlsVerify ?? kc?.insecureSkipTlsVerify ?? false,
    namespace: inputs.namespace || kc?.namespace || "default",
    namespaceFromFlag: Boolean(inputs.namespace),
  };
}
