/**
 * Executor benchmark (issue 6 acceptance 7): LAUNCH → TASK_RUNNING of a one-container pod under
 * mesos-local, as the framework sees it, against `podman run -d` of the same image (the Docker
 * runtime on podman's service), and the same LAUNCH → TASK_RUNNING for the process runtime
 * against spawning the same command directly. Medians of N runs (default 20), after a warm-up
 * launch that starts the executor.
 * Run: deno run -A tests/bench/executor_bench.ts [runs]
 */
import { figure } from "./figures.ts";
import { PodCluster, type PodCluster as PodClusterT } from "../_helpers/pod_task_framework.ts";
import { podmanSkipReason } from "../_helpers/podman.ts";

const RUNS = Number(Deno.args[0] ?? 20);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function podManifest(pc: PodClusterT, i: number): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `bench-${i}` },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{
        name: "main",
        image: pc.podman?.image ?? "busybox",
        imagePullPolicy: "IfNotPresent",
        command: ["sleep", "100000"],
      }],
    },
  };
}

/** LAUNCH → TASK_RUNNING times (ms) of RUNS pods, each killed before the next. */
async function launchTimes(pc: PodClusterT): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const p = await pc.run(podManifest(pc, i));
    await pc.waitState(p, "TASK_RUNNING");
    if (i > 0) times.push(performance.now() - p.launchedAt);
    await pc.kill(p, 0);
    await pc.waitState(p, "TASK_KILLED");
  }
  return times;
}

async function dockerRow(): Promise<string> {
  const pc = await PodCluster.start({ runtime: "docker" });
  try {
    const launch = await launchTimes(pc);
    const pm = pc.podman!;
    const direct: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const name = `k8sm-bench-${i}-${Date.now()}`;
      const args = [
        "run",
        "-d",
        "--name",
        name,
        "--label",
        `${pm.runLabel.key}=${pm.runLabel.value}`,
        pm.image,
        "sleep",
        "100000",
      ];
      const t0 = performance.now();
      await pm.podman(args);
      if (i > 0) direct.push(performance.now() - t0);
      await pm.podman(["rm", "-f", "-t", "0", name]);
    }
    const a = median(launch), b = median(direct);
    figure("executor", "docker LAUNCH → RUNNING ÷ podman run -d", a / b, "ratio", "≤ 1.1");
    return `docker (podman)  LAUNCH→RUNNING ${a.toFixed(0)} ms   podman run -d ${
      b.toFixed(0)
    } ms   ratio ${(a / b).toFixed(2)} (budget ≤ 1.1)`;
  } finally {
    await pc.close();
  }
}

async function processRow(): Promise<string> {
  const pc = await PodCluster.start({ runtime: "process" });
  try {
    const launch = await launchTimes(pc);
    const direct: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const child = new Deno.Command("sleep", {
        args: ["100000"],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      if (i > 0) direct.push(performance.now() - t0);
      child.kill("SIGKILL");
      await child.status;
    }
    const a = median(launch), b = median(direct);
    figure("executor", "process LAUNCH → RUNNING", a, "ms");
    return `process          LAUNCH→RUNNING ${a.toFixed(0)} ms   ` +
      `(spawning the same command directly: ${b.toFixed(1)} ms)`;
  } finally {
    await pc.close();
  }
}

if (import.meta.main) {
  console.log(`executor bench: median of ${RUNS} one-container pods (mesos-local, one agent)`);
  const skip = podmanSkipReason();
  if (skip) console.log(`docker: ${skip}`);
  else console.log(await dockerRow());
  console.log(await processRow());
}
