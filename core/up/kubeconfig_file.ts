/**
 * The kubeconfig `k8sm up` writes to `<data-dir>/kubeconfig` (mode 0600): one cluster, user
 * and context named `k8sm`, pointing at the all-in-one apiserver. On a secured cluster it
 * carries `certificate-authority-data` and the admin's client certificate and key inline, the
 * form kubectl, @kubernetes/client-node and the Python client all accept unmodified.
 */
import { stringify } from "yaml";

/** The admin credential and cluster CA a secured kubeconfig embeds (PEM). */
export interface KubeconfigCredentials {
  caPem: string;
  certPem: string;
  keyPem: string;
}

function b64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** The kubeconfig text for an apiserver at `server`. */
export function kubeconfigText(server: string, creds?: KubeconfigCredentials): string {
  const cluster: Record<string, string> = { server };
  const user: Record<string, string> = {};
  if (creds) {
    cluster["certificate-authority-data"] = b64(creds.caPem);
    user["client-certificate-data"] = b64(creds.certPem);
    user["client-key-data"] = b64(creds.keyPem);
  }
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "k8sm", cluster }],
    users: [{ name: "k8sm", user }],
    contexts: [{ name: "k8sm", context: { cluster: "k8sm", user: "k8sm", namespace: "default" } }],
    "current-context": "k8sm",
    preferences: {},
  });
}

/** Writes the kubeconfig for `server` into `dataDir` (mode 0600) and returns its path. */
export async function writeKubeconfig(
  dataDir: string,
  server: string,
  creds?: KubeconfigCredentials,
): Promise<string> {
  const path = `${dataDir.replace(/\/+$/, "")}/kubeconfig`;
  await Deno.writeTextFile(path, kubeconfigText(server, creds), { mode: 0o600 });
  await Deno.chmod(path, 0o600);
  return path;
}
