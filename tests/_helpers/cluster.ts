/**
 * A whole k8sm cluster for scheduler tests: an apiserver (tests/_helpers/apiserver.ts),
 * mesos-local with the agents a test asks for, and the scheduler (in-process via
 * `startScheduler`, or as a `k8sm scheduler` child process), plus pod builders and waits.
 * `close()` stops everything it started, leaving no process, port or directory behind.
 */
import type { Pod } from "../../core/api/types/pod.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import {
  type AddAgentOptions,
  type LocalCluster,
  type LocalClusterOptions,
  startLocalCluster,
} from "../../core/mesos/local/local_cluster.ts";
import {
  type RunningScheduler,
  startScheduler,
  type StartSchedulerOptions,
} from "../../core/scheduler/start_scheduler.ts";
import { CLI_MAIN_PATH } from "../../core/scheduler/executor_info.ts";
import { frameworkInfo } from "../../core/scheduler/framework_info.ts";
import { SchedulerClient } from "../../core/mesos/scheduler_client.ts";
import { teardownCall } from "../../core/mesos/scheduler_calls.ts";
import { waitFor } from "../../core/util/wait.ts";
import {
  startTestApiServer,
  type TestApiServer,
  type TestServerOptions,
  type TestStorage,
} from "./apiserver.ts";
import { POD_TEST_EXECUTOR_PATH } from "./pod_test_executor.ts";

/** Which executor the scheduler launches: the real `k8sm executor` or the pod test executor. */
export type TestExecutorKind = "real" | "test";

/** Options of startTestCluster. */
export interface TestClusterOptions {
  /** One entry per agent (resources text, attributes, hostname). */
  agents?: AddAgentOptions[];
  storage?: TestStorage;
  /** Apiserver handler options (e.g. gracefulPodDeletion). */
  apiOptions?: TestServerOptions;
  /** mesos-local offer cycle (default 100 ms). */
  allocationIntervalMs?: number;
  /** Scheduler options overriding the test defaults; false = do not start a scheduler. */
  scheduler?: Partial<StartSchedulerOptions> | false;
  /** Default: the real `k8sm executor`. */
  executor?: TestExecutorKind;
  /** mesos-local authentication (default none). */
  authentication?: LocalClusterOptions["authentication"];
}

/** The scheduler options a test cluster uses by default. */
export function testSchedulerOptions(
  api: string,
  master: string,
  kind: TestExecutorKind,
  executorRoot?: string,
): StartSchedulerOptions {
  return {
    apiServer: api,
    master,
    offerTtlMs: 1000,
    refuseSeconds: 1,
    reconcileSettleMs: 300,
    initialBackoffMs: 200,
    maxBackoffMs: 2000,
    mesosBackoffMs: 100,
    executor: kind === "real"
      ? {
        executorPath: CLI_MAIN_PATH,
        containerRuntime: "process",
        extraArgs: executorRoot ? [`--root-dir=${executorRoot}`] : [],
      }
      : { executorPath: POD_TEST_EXECUTOR_PATH, containerRuntime: "process" },
  };
}

/** A running test cluster. */
export class TestCluster {
  scheduler: RunningScheduler | undefined;
  readonly client: RestClient;

  constructor(
    readonly api: TestApiServer,
    readonly mesos: LocalCluster,
    readonly executorKind: TestExecutorKind,
    /** The process runtime's root dir of this cluster's executors (removed by close()). */
    readonly executorRoot: string,
  ) {
    this.client = new RestClient({ server: api.url });
  }

  /** Default scheduler options for this cluster merged with `extra`. */
  schedulerOptions(extra: Partial<StartSchedulerOptions> = {}): StartSchedulerOptions {
    const base = testSchedulerOptions(
      this.api.url,
      this.mesos.masterUrl,
      this.executorKind,
      this.executorRoot,
    );
    return {
      ...base,
      store: this.api.server.store,
      ...extra,
      executor: { ...base.executor, ...extra.executor },
    };
  }

  /** Starts the in-process scheduler and waits until it leads. */
  async startScheduler(extra: Partial<StartSchedulerOptions> = {}): Promise<RunningScheduler> {
    this.scheduler = await startScheduler(this.schedulerOptions(extra));
    await this.scheduler.leading;
    return this.scheduler;
  }

  /** Stops the in-process scheduler. */
  async stopScheduler(): Promise<void> {
    await this.scheduler?.close();
    this.scheduler = undefined;
  }

  /** Creates a pod in `default`. */
  createPod(pod: Pod, namespace = "default"): Promise<Pod> {
    return this.client.create<Pod>({ resource: "pods", namespace }, pod);
  }

  /** Reads a pod. */
  getPod(name: string, namespace = "default"): Promise<Pod> {
    return this.client.get<Pod>({ resource: "pods", namespace, name });
  }

  /** Lists pods of `default`. */
  async listPods(namespace = "default"): Promise<Pod[]> {
    return (await this.client.list<Pod>({ resource: "pods", namespace })).items;
  }

  /** Waits until `check(pod)` holds for pod `name`; returns the pod. */
  waitPod(name: string, check: (p: Pod) => boolean, what: string, timeoutMs = 30_000) {
    return waitFor(async () => {
      const p = await this.getPod(name).catch(() => undefined);
      return p && check(p) ? p : undefined;
    }, { timeoutMs, intervalMs: 100, what: `pod ${name} ${what}` });
  }

  /** Waits until every named pod is Running; returns them. */
  waitRunning(names: string[], timeoutMs = 60_000): Promise<Pod[]> {
    return waitFor(async () => {
      const pods = await this.listPods();
      const byName = new Map(pods.map((p) => [p.metadata.name, p]));
      const all = names.map((n) => byName.get(n));
      return all.every((p) => p?.status?.phase === "Running") ? all as Pod[] : undefined;
    }, { timeoutMs, intervalMs: 200, what: `${names.length} pods Running` });
  }

  /** Mesos-local's /state document. */
  async mesosState(): Promise<MesosState> {
    const res = await fetch(`${this.mesos.masterUrl}/state`);
    return await res.json() as MesosState;
  }

  /**
   * Stops the scheduler, tears every framework down so that executors stop their pods' processes
   * (SHUTDOWN), then stops mesos-local and the apiserver.
   */
  async close(): Promise<void> {
    await this.scheduler?.scheduler?.teardown().catch(() => {});
    await this.stopScheduler();
    const state = await this.mesosState().catch(() => undefined);
    for (const fw of state?.frameworks ?? []) {
      await teardownFramework(this.mesos.masterUrl, fw.id).catch(() => {});
    }
    await waitFor(() => this.mesos.agents.every((a) => a.runs.size === 0), {
      timeoutMs: 30_000,
      what: "executors to stop after TEARDOWN",
    }).catch((e) => console.error(`test cluster: ${(e as Error).message}`));
    await this.mesos.close();
    await killLeftovers(this.executorRoot);
    await Deno.remove(this.executorRoot, { recursive: true }).catch(() => {});
    this.client.close();
    await this.api.stop();
  }
}

/**
 * Kills the process groups the process runtime recorded under `root` that still run (pods of
 * an executor that was SIGKILLed with its agent, e.g. after `removeAgent`).
 */
export async function killLeftovers(root: string): Promise<void> {
  const podsDir = `${root}/pods`;
  const entries = await Array.fromAsync(Deno.readDir(podsDir)).catch(() => []);
  for (const pod of entries) {
    const dir = `${podsDir}/${pod.name}/containers`;
    for (const c of await Array.fromAsync(Deno.readDir(dir)).catch(() => [])) {
      try {
        const rec = JSON.parse(await Deno.readTextFile(`${dir}/${c.name}/state.json`));
        if (typeof rec.pgid !== "number" || rec.pgid <= 1 || rec.exitCode !== undefined) continue;
        const stat = await Deno.readTextFile(`/proc/${rec.pid}/stat`);
        const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
        if (rec.procStart === undefined || rec.procStart === start) Deno.kill(-rec.pgid, "SIGKILL");
      } catch {
        // no state, or the group is gone already
      }
    }
  }
}

/** Subscribes as framework `id` (failover) and sends TEARDOWN. */
export async function teardownFramework(master: string, id: string): Promise<void> {
  const client = new SchedulerClient({
    master,
    frameworkId: id,
    frameworkInfo: frameworkInfo({}),
  });
  try {
    for await (const ev of client.events) {
      if (ev.type === "SUBSCRIBED") {
        await client.call(teardownCall());
        break;
      }
    }
  } finally {
    await client.close();
  }
}

/** The parts of mesos-local's /state the tests read. */
export interface MesosState {
  frameworks: {
    id: string;
    name: string;
    tasks: { id: string; state: string; slave_id: string; name: string }[];
    completed_tasks: { id: string; state: string; slave_id: string }[];
  }[];
  slaves: { id: string; hostname: string }[];
}

/** Starts apiserver + mesos-local (+ scheduler unless `scheduler: false`). */
export async function startTestCluster(opts: TestClusterOptions = {}): Promise<TestCluster> {
  const api = await startTestApiServer(opts.storage ?? "memory", opts.apiOptions);
  let mesos: LocalCluster;
  try {
    mesos = await startLocalCluster({
      port: 0,
      agents: 0,
      allocationIntervalMs: opts.allocationIntervalMs ?? 100,
      executorShutdownGraceSeconds: 2,
      authentication: opts.authentication,
    });
  } catch (e) {
    await api.stop();
    throw e;
  }
  const agents = opts.agents ?? [{}];
  for (const a of agents) mesos.addAgent(a, agents.length);
  const kind = opts.executor ?? "real";
  const root = await Deno.makeTempDir({ prefix: "k8sm-executor-root-" });
  const cluster = new TestCluster(api, mesos, kind, root);
  if (opts.scheduler !== false) {
    try {
      await cluster.startScheduler(opts.scheduler ?? {});
    } catch (e) {
      await cluster.close();
      throw e;
    }
  }
  return cluster;
}

/** A pod running `sleep 3600` with the given requests and extras. */
export function sleepPod(
  name: string,
  o: {
    cpu?: string;
    memory?: string;
    hostPort?: number;
    containerPort?: number;
    nodeSelector?: Record<string, string>;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    nodeName?: string;
    grace?: number;
  } = {},
): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const port = o.hostPort !== undefined || o.containerPort !== undefined
    ? [{ containerPort: o.containerPort ?? 8080, hostPort: o.hostPort }]
    : undefined;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: o.labels, annotations: o.annotations },
    spec: {
      containers: [{
        name: "main",
        image: "busybox",
        command: ["/bin/sh", "-c", "sleep 3600"],
        resources: Object.keys(requests).length ? { requests } : undefined,
        ports: port,
      }],
      nodeSelector: o.nodeSelector,
      nodeName: o.nodeName,
      terminationGracePeriodSeconds: o.grace ?? 2,
    },
  };
}
