/**
 * The kubeconfig `k8sm up` writes to `<data-dir>/kubeconfig`: one cluster, user and context
 * named `k8sm`, pointing at the all-in-one apiserver, so that `kubectl --kubeconfig …` and
 * `KUBECONFIG=… k8sm get pods` work at once.
 */
import { stringify } from "yaml";

/** The kubeconfig text for an apiserver at `server`. */
export function kubeconfigText(server: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "k8sm", cluster: { server } }],
    users: [{ name: "k8sm", user: {} }],
    contexts: [{ name: "k8sm", context: { cluster: "k8sm", user: "k8sm", namespace: "default" } }],
    "current-context": "k8sm",
    preferences: {},
  });
}

/** Writes the kubeconfig for `server` into `dataDir` and returns its path. */
export async function writeKubeconfig(dataDir: string, server: string): Promise<string> {
  const path = `${dataDir.replace(/\/+$/, "")}/kubeconfig`;
  await Deno.writeTextFile(path, kubeconfigText(server), { mode: 0o600 });
  return path;
}
