/**
 * Streams benchmark (issue 13): `kubectl port-forward` throughput (kubectl 1.32, WebSocket
 * tunnel and SPDY, through a secured apiserver and executor kubelet endpoint) as a ratio to a
 * direct connection to the same web server in the pod, and `kubectl exec POD -- true`
 * round-trip latency as a ratio to `podman exec CONTAINER true`. With podman the pod runs on
 * the Docker runtime on podman's Docker API; without it, on the process runtime (direct = its
 * mapped host port) and the exec half is skipped. Reports, never asserts.
 * Run: deno run -A tests/bench/streams_bench.ts [MiB per download] [exec runs]
 */
import { figure } from "./figures.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import { KubeletGuard } from "../../core/executor/kubelet_guard.ts";
import { createKubeletServingCert } from "../../core/executor/kubelet_serving_cert.ts";
import { startLogServer } from "../../core/executor/log_server.ts";
import type { Runtime } from "../../core/executor/runtime.ts";
import { DockerRuntime } from "../../core/executor/runtimes/docker_runtime.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { waitFor } from "../../core/util/wait.ts";
import { registerKubeletNode, runKubectl } from "../_helpers/kubectl_exec.ts";
import { startKubectlPortForward } from "../_helpers/kubectl_port_forward.ts";
import { type PodmanHandle, podmanSkipReason, startPodman } from "../_helpers/podman.ts";
import { jsonRequest, podManifest, startSecuredApiServer } from "../_helpers/secured_apiserver.ts";
import { freePort } from "../core/executor/runtime_contract.ts";

const MIB = Number(Deno.args[0] ?? 64);
const EXEC_RUNS = Number(Deno.args[1] ?? 20);
const NODE = "agent-bench";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** CPU time (user + system, ms) a process has used so far, from /proc (0 where unreadable). */
function cpuMs(pid: number | "self"): number {
  try {
    const f = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) * 1000 / 100;
  } catch {
    return 0;
  }
}

/**
 * MiB/s of the best of three downloads of /big from `base`, and the CPU ms per MiB this
 * process (apiserver, kubelet endpoint and the downloading client) and `pid` (kubectl) used
 * over the three: a figure that load from other processes on the machine disturbs less.
 */
async function throughput(base: string, pid?: number) {
  let best = 0;
  const self0 = cpuMs("self");
  const other0 = pid ? cpuMs(pid) : 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/big`);
    let bytes = 0;
    for await (const chunk of res.body!) bytes += chunk.length;
    if (bytes !== MIB << 20) throw new Error(`downloaded ${bytes} bytes, expected ${MIB} MiB`);
    best = Math.max(best, MIB / ((performance.now() - t0) / 1000));
  }
  const perMiB = (ms: number) => (ms / (3 * MIB)).toFixed(2);
  const cpu = `CPU ms/MiB: bench process ${perMiB(cpuMs("self") - self0)}` +
    (pid ? `, kubectl ${perMiB(cpuMs(pid) - other0)}` : "");
  return { rate: best, cpu };
}

/** Median wall time (ms) of `run` over EXEC_RUNS runs after one warm-up. */
async function latency(run: () => Promise<void>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < EXEC_RUNS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const skip = podmanSkipReason();
const pm: PodmanHandle | undefined = skip ? undefined : await startPodman();
const root = await Deno.makeTempDir({ prefix: "k8sm-streams-bench-" });
const runtime: Runtime = pm
  ? new DockerRuntime({
    endpoint: pm.dockerHost,
    infraImage: pm.image,
    infraCommand: ["sleep", "2147483647"],
    extraLabels: { [pm.runLabel.key]: pm.runLabel.value },
  })
  : new ProcessRuntime({ root, pollMs: 50 });
const api = await startSecuredApiServer();
const guard = new KubeletGuard(() => NODE);
guard.secure(api.ca.certPem);
const serving = createKubeletServingCert(NODE, ["127.0.0.1"]);
const server = await startLogServer({
  runtime,
  port: 0,
  tls: { cert: serving.cert, key: serving.key },
  guard,
});
let uid = "";
try {
  await registerKubeletNode(api.admin.fetch, NODE, server.port, serving.caPem);
  const hostPort = pm ? undefined : freePort();
  const ports = [{ containerPort: 8080, ...(hostPort ? { hostPort } : {}) }];
  const manifest = podManifest("web", { nodeName: NODE }) as { spec: Pod["spec"] };
  manifest.spec!.containers[0].image = pm?.image ?? "busybox";
  manifest.spec!.containers[0].ports = ports;
  const created = await api.admin.json("/api/v1/namespaces/default/pods", {
    ...jsonRequest("POST", manifest),
  });
  const pod = created.body as unknown as Pod;
  uid = pod.metadata.uid!;
  await api.admin.fetch(
    "/api/v1/namespaces/default/pods/web/status",
    jsonRequest("PATCH", { status: { phase: "Running" } }, "application/merge-patch+json"),
  );
  const sandbox = await runtime.ensureSandbox(pod, {});
  const www = pm ? "/www" : "www";
  const ref = await runtime.startContainer(pod, {
    name: "main",
    image: pm?.image ?? "busybox",
    command: [
      "sh",
      "-c",
      `mkdir -p ${www} && dd if=/dev/zero of=${www}/big bs=1048576 count=${MIB} 2>/dev/null && ` +
      `exec ${pm ? "httpd" : "busybox httpd"} -f -p \${PORT:-8080} -h ${www}`,
    ],
    ports,
  }, {});
  const direct = pm ? `http://${sandbox.podIP}:8080` : `http://127.0.0.1:${hostPort}`;
  await waitFor(async () => {
    const res = await fetch(`${direct}/big`, { method: "HEAD" }).catch(() => undefined);
    await res?.body?.cancel();
    return res?.ok;
  }, { what: `the pod's web server at ${direct}`, timeoutMs: 60_000 });
  const config = `${root}/admin.kubeconfig`;
  await Deno.writeTextFile(config, api.admin.kubeconfig());

  console.log(`runtime: ${runtime.name}; ${MIB} MiB per download, best of 3`);
  const directRun = await throughput(direct);
  const directRate = directRun.rate;
  console.log(`direct connection:            ${directRate.toFixed(0)} MiB/s (${directRun.cpu})`);
  figure("streams", "direct connection", directRate, "MiB/s");
  for (
    const [name, env] of [
      ["port-forward (WebSocket)", {}],
      ["port-forward (SPDY)", { KUBECTL_PORT_FORWARD_WEBSOCKETS: "false" }],
    ] as const
  ) {
    const pf = await startKubectlPortForward(config, env, "pod/web", 8080);
    try {
      const { rate, cpu } = await throughput(`http://127.0.0.1:${pf.port}`, pf.pid);
      const ratio = (rate / directRate).toFixed(2);
      console.log(
        `${name.padEnd(29)} ${rate.toFixed(0)} MiB/s, ratio ${ratio} (budget ≥ 0.5; ${cpu})`,
      );
      figure("streams", `${name} ÷ direct`, rate / directRate, "ratio", "≥ 0.5");
    } finally {
      await pf.stop();
    }
  }

  if (!pm) {
    console.log(`exec latency: SKIPPED, no podman to compare with (${skip})`);
  } else {
    const kubectlMs = await latency(async () => {
      const r = await runKubectl(config, ["exec", "web", "--", "true"]);
      if (r.code !== 0) throw new Error(`kubectl exec failed: ${r.stderr}`);
    });
    const podmanMs = await latency(async () => {
      await pm.podman(["exec", ref.id, "true"]);
    });
    console.log(`exec round trip, median of ${EXEC_RUNS}:`);
    console.log(`  kubectl exec -- true:       ${kubectlMs.toFixed(0)} ms`);
    console.log(`  podman exec true:           ${podmanMs.toFixed(0)} ms`);
    console.log(
      `  ratio kubectl/podman:       ${(kubectlMs / podmanMs).toFixed(2)} (budget ≤ 1.5)`,
    );
    figure("streams", "kubectl exec -- true", kubectlMs, "ms");
    figure("streams", "exec kubectl ÷ podman", kubectlMs / podmanMs, "ratio", "≤ 1.5");
  }
} finally {
  await server.close();
  if (uid) await runtime.removeSandbox(uid, 0).catch(() => {});
  await runtime.close();
  await api.stop();
  await pm?.stop();
  await Deno.remove(root, { recursive: true });
}
