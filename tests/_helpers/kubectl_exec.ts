/**
 * Helpers of the `kubectl exec` e2e tests: run the machine's kubectl with a kubeconfig, extra
 * env and stdin bytes (KubectlRunner has no stdin), and register a Node the way the scheduler
 * and executor do (mesos:// providerID, InternalIP, kubelet port, and on secured clusters the
 * pinned serving CA), so the apiserver will dial that kubelet endpoint.
 */
import { KUBELET_SERVING_CERT_ANNOTATION } from "../../core/apiserver/kubelet_target.ts";

/** The outcome of one kubectl run (stdout as bytes, for byte-exact checks). */
export interface KubectlRun {
  code: number;
  stdout: Uint8Array;
  stderr: string;
}

/** Runs kubectl with `kubeconfig`, `env` and optional `stdin` bytes. */
export async function runKubectl(
  kubeconfig: string,
  args: string[],
  opts: { env?: Record<string, string>; stdin?: Uint8Array } = {},
): Promise<KubectlRun> {
  const child = new Deno.Command("kubectl", {
    args: ["--kubeconfig", kubeconfig, ...args],
    env: { HOME: Deno.env.get("HOME") ?? "/tmp", NO_COLOR: "1", ...opts.env },
    clearEnv: true,
    stdin: opts.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (opts.stdin) {
    const w = child.stdin.getWriter();
    await w.write(opts.stdin);
    await w.close();
  }
  const out = await child.output();
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

/** Creates Node `name` whose kubelet endpoint is 127.0.0.1:`port` (pinned to `caPem` if given). */
export async function registerKubeletNode(
  fetchAs: (path: string, init?: RequestInit) => Promise<Response>,
  name: string,
  port: number,
  caPem?: string,
): Promise<void> {
  const send = async (path: string, method: string, body: unknown, type: string) => {
    const res = await fetchAs(path, {
      method,
      headers: { "content-type": type },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}: ${text}`);
  };
  await send("/api/v1/nodes", "POST", {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      annotations: caPem ? { [KUBELET_SERVING_CERT_ANNOTATION]: caPem } : {},
    },
    spec: { providerID: `mesos://${name}-id` },
  }, "application/json");
  await send(`/api/v1/nodes/${name}/status`, "PATCH", {
    status: {
      addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
      daemonEndpoints: { kubeletEndpoint: { Port: port } },
    },
  }, "application/merge-patch+json");
}
