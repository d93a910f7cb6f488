/**
 * An executor's kubelet side in-process, for stream tests against a secured apiserver: a
 * runtime (the process runtime in a temporary root, or the Docker runtime on podman's Docker
 * API), the kubelet endpoint over HTTPS with the executor's own CA, guarded by the cluster CA,
 * and its Node registered the way the scheduler and executor register it. `close()` removes
 * the pods it started and everything it made.
 */
import { type LogServer, startLogServer } from "../../core/executor/log_server.ts";
import { KubeletGuard } from "../../core/executor/kubelet_guard.ts";
import { createKubeletServingCert } from "../../core/executor/kubelet_serving_cert.ts";
import type { Runtime } from "../../core/executor/runtime.ts";
import { DockerRuntime } from "../../core/executor/runtimes/docker_runtime.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import { registerKubeletNode } from "./kubectl_exec.ts";
import type { PodmanHandle } from "./podman.ts";
import { jsonRequest, type SecuredApiServer } from "./secured_apiserver.ts";

/** A running in-process kubelet endpoint and its runtime. */
export interface KubeletHost<R extends Runtime = ProcessRuntime> {
  runtime: R;
  server: LogServer;
  /** Remembers a pod uid whose sandbox close() removes. */
  track(uid: string): void;
  close(): Promise<void>;
}

/** Starts the kubelet side of `node` for `api` on the process runtime and registers its Node. */
export async function startKubeletHost(
  api: SecuredApiServer,
  node: string,
  prefix = "k8sm-kubelet-host-",
): Promise<KubeletHost> {
  const root = await Deno.makeTempDir({ prefix });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  return await hostRuntime(api, node, runtime, () => Deno.remove(root, { recursive: true }));
}

/**
 * Starts the kubelet side of `node` for `api` on the Docker runtime of podman `pm` (its test
 * image as infra image, containers labelled for pm's clean-up) and registers its Node.
 */
export async function startDockerKubeletHost(
  api: SecuredApiServer,
  node: string,
  pm: PodmanHandle,
): Promise<KubeletHost<DockerRuntime>> {
  const runtime = new DockerRuntime({
    endpoint: pm.dockerHost,
    infraImage: pm.image,
    infraCommand: ["sleep", "2147483647"],
    extraLabels: { [pm.runLabel.key]: pm.runLabel.value },
  });
  return await hostRuntime(api, node, runtime, () => Promise.resolve());
}

async function hostRuntime<R extends Runtime>(
  api: SecuredApiServer,
  node: string,
  runtime: R,
  cleanup: () => Promise<void>,
): Promise<KubeletHost<R>> {
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
    await cleanup();
  };
  try {
    await registerKubeletNode(api.admin.fetch, node, server.port, serving.caPem);
  } catch (e) {
    await close();
    throw e;
  }
  return { runtime, server, track: (uid) => void uids.push(uid), close };
}

/**
 * Creates `manifest` in namespace default as the admin (throws unless 201), has `host` remove it
 * on close, and makes its sandbox; returns the created pod.
 */
export async function createHostedPod<R extends Runtime>(
  api: SecuredApiServer,
  host: KubeletHost<R>,
  manifest: unknown,
): Promise<Pod> {
  const created = await api.admin.json(
    "/api/v1/namespaces/default/pods",
    jsonRequest("POST", manifest),
  );
  if (created.status !== 201) {
    throw new Error(`creating the pod answered ${created.status}: ${JSON.stringify(created.body)}`);
  }
  const pod = created.body as unknown as Pod;
  host.track(pod.metadata.uid!);
  await host.runtime.ensureSandbox(pod, {});
  return pod;
}
