/**
 * An executor's kubelet side in-process, for stream tests against a secured apiserver: a
 * process runtime in a temporary root, the kubelet endpoint over HTTPS with the executor's own
 * CA, guarded by the cluster CA, and its Node registered the way the scheduler and executor
 * register it. `close()` removes the pods it started and everything it made.
 */
import { type LogServer, startLogServer } from "../../core/executor/log_server.ts";
import { KubeletGuard } from "../../core/executor/kubelet_guard.ts";
import { createKubeletServingCert } from "../../core/executor/kubelet_serving_cert.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { registerKubeletNode } from "./kubectl_exec.ts";
import type { SecuredApiServer } from "./secured_apiserver.ts";

/** A running in-process kubelet endpoint and its runtime. */
export interface KubeletHost {
  runtime: ProcessRuntime;
  server: LogServer;
  /** Remembers a pod uid whose sandbox close() removes. */
  track(uid: string): void;
  close(): Promise<void>;
}

/** Starts the kubelet side of `node` for `api` and registers its Node. */
export async function startKubeletHost(
  api: SecuredApiServer,
  node: string,
  prefix = "k8sm-kubelet-host-",
): Promise<KubeletHost> {
  const root = await Deno.makeTempDir({ prefix });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const guard = new KubeletGuard(() => node);
  guard.secure(api.ca.certPem);
  const serving = createKubeletServingCert(node, ["127.0.0.1"]);
  const server = await startLogServer({
    runtime,
    port: 0,
    tls: { cert: serving.cert, key: serving.key },
    guard,
  });
  const uids: string[] = [];
  const close = async () => {
    await server.close();
    for (const uid of uids) await runtime.removeSandbox(uid, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  };
  try {
    await registerKubeletNode(api.admin.fetch, node, server.port, serving.caPem);
  } catch (e) {
    await close();
    throw e;
  }
  return { runtime, server, track: (uid) => void uids.push(uid), close };
}
