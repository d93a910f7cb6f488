/**
 * Runs the machine's `kubectl port-forward` for e2e tests and benchmarks: starts it on an
 * ephemeral local port (127.0.0.1 only) and resolves once kubectl reports that it listens.
 */

/** A running `kubectl port-forward`. */
export interface KubectlPortForward {
  /** The local port kubectl listens on. */
  port: number;
  /** kubectl's process id (e.g. to read its CPU time). */
  pid: number;
  /** Stops kubectl and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `kubectl port-forward RESOURCE :REMOTEPORT` with `kubeconfig` and extra `env` (e.g.
 * `KUBECTL_PORT_FORWARD_WEBSOCKETS=false`); throws with kubectl's output when it exits first.
 */
export async function startKubectlPortForward(
  kubeconfig: string,
  env: Record<string, string>,
  resource: string,
  remotePort: number,
): Promise<KubectlPortForward> {
  const child = new Deno.Command("kubectl", {
    args: [
      "--kubeconfig",
      kubeconfig,
      "port-forward",
      "--address",
      "127.0.0.1",
      resource,
      `:${remotePort}`,
    ],
    env: { HOME: Deno.env.get("HOME") ?? "/tmp", ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let port = 0;
  while (!port) {
    const r = await reader.read();
    if (r.done) {
      await child.status;
      throw new Error(`kubectl port-forward ${resource} ended before listening: ${seen}`);
    }
    seen += r.value;
    port = Number(/Forwarding from 127\.0\.0\.1:(\d+) -> /.exec(seen)?.[1] ?? 0);
  }
  // Keep draining kubectl's "Handling connection" lines so its pipe never fills.
  const drain = (async () => {
    while (!(await reader.read().catch(() => ({ done: true }))).done) { /* drain */ }
  })();
  return {
    port,
    pid: child.pid,
    async stop() {
      child.kill("SIGTERM");
      await reader.cancel().catch(() => {});
      await drain;
      await child.status;
    },
  };
}
