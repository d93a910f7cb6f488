/**
 * Runs pods as Mesos tasks without the real scheduler, exactly as DESIGN.md's data flow says:
 * a test apiserver, a mesos-local cluster, a framework on core/mesos/scheduler_client.ts that
 * creates the pod through the API, binds it to the agent, and launches it as a task whose
 * `data` is the pod JSON and whose executor is `deno run -A cli/main.ts executor …`. With the
 * docker runtime it uses podman's Docker API service (tests/_helpers/podman.ts).
 */
import type { Pod } from "../../core/api/types/pod.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import { resourcePath } from "../../core/client/resource_path.ts";
import { bytesToBase64 } from "../../core/mesos/executor_types.ts";
import { type LocalCluster, startLocalCluster } from "../../core/mesos/local/local_cluster.ts";
import type {
  ExecutorInfo,
  Offer,
  Resource,
  TaskStatus,
} from "../../core/mesos/local/mesos_types.ts";
import {
  declineCall,
  killCall,
  launchCall,
  shutdownCall,
  type TaskInfoSpec,
} from "../../core/mesos/scheduler_calls.ts";
import { ProcessRuntime } from "../../core/executor/runtimes/process_runtime.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startTestApiServer, type TestApiServer } from "./apiserver.ts";
import { TestFramework } from "./mesos_test_framework.ts";
import { type PodmanHandle, startPodman } from "./podman.ts";
import {
  executorFlags,
  readExecutorStderr,
  scalar,
  testExecutorInfo,
} from "./test_executor_info.ts";

/** Options of a PodCluster. */
export interface PodClusterOptions {
  runtime: "docker" | "process";
  /** Extra `k8sm executor` flags. */
  executorArgs?: string[];
  /** Pass `--api-servers` as the seed did, `host:port` without a scheme. */
  bareApiServer?: boolean;
  /** Agent shutdown grace for executors (default 5 s). */
  executorShutdownGraceSeconds?: number;
}

/** A launched pod. */
export interface LaunchedPod {
  pod: Pod;
  taskId: string;
  agentId: string;
  hostname: string;
  /** performance.now() just before the LAUNCH was sent (benchmarks). */
  launchedAt: number;
}

/** apiserver + mesos-local + framework + (podman) for executor tests. */
export class PodCluster {
  readonly client: RestClient;
  #taskSeq = 0;

  private constructor(
    readonly opts: PodClusterOptions,
    readonly api: TestApiServer,
    readonly cluster: LocalCluster,
    readonly fw: TestFramework,
    readonly rootDir: string,
    readonly podman?: PodmanHandle,
  ) {
    this.client = new RestClient({ server: api.url });
  }

  /** Starts everything (podman only for the docker runtime). */
  static async start(opts: PodClusterOptions): Promise<PodCluster> {
    const podman = opts.runtime === "docker" ? await startPodman() : undefined;
    const rootDir = await Deno.makeTempDir({ prefix: "k8sm-executor-root-" });
    const api = await startTestApiServer("memory");
    const cluster = await startLocalCluster({
      port: 0,
      agents: 1,
      allocationIntervalMs: 100,
      executorShutdownGraceSeconds: opts.executorShutdownGraceSeconds,
    });
    // The capabilities of k8sm's framework (DESIGN.md): TASK_KILLING_STATE among them.
    const fw = new TestFramework(cluster.masterUrl, {
      capabilities: ["MULTI_ROLE", "PARTITION_AWARE", "TASK_KILLING_STATE"],
    });
    await fw.subscribed();
    return new PodCluster(opts, api, cluster, fw, rootDir, podman);
  }

  /** The `k8sm executor` command line (after `deno run -A cli/main.ts`). */
  executorFlags(): string[] {
    return executorFlags({
      apiUrl: this.api.url,
      bareApiServer: this.opts.bareApiServer,
      runtime: this.opts.runtime,
      rootDir: this.rootDir,
      podman: this.podman,
      extra: this.opts.executorArgs,
    });
  }

  /** The ExecutorInfo every task of this cluster uses (one executor per agent). */
  executorInfo(): ExecutorInfo {
    return testExecutorInfo(this.executorFlags());
  }

  /** Creates the Node of `hostname` as the scheduler's registrar would (if missing). */
  async ensureNode(hostname: string): Promise<void> {
    const res = await this.api.fetch(`/api/v1/nodes/${hostname}`);
    await res.body?.cancel();
    if (res.status === 200) return;
    await this.client.create({ resource: "nodes" }, {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: hostname },
      spec: { providerID: `mesos://${hostname}` },
      status: { addresses: [{ type: "InternalIP", address: "127.0.0.1" }] },
    });
  }

  /** Creates the pod through the API, binds it and launches it as a task. */
  async run(manifest: Record<string, unknown>, hostPorts: number[] = []): Promise<LaunchedPod> {
    const offer = await this.#offer(hostPorts);
    const bound = await this.#createBound(manifest, offer.hostname);
    return await this.#launch(bound, offer, hostPorts);
  }

  /** Creates the pods and launches them as one LAUNCH_GROUP (one task per pod). */
  async runGroup(manifests: Record<string, unknown>[]): Promise<LaunchedPod[]> {
    const offer = await this.#offer([]);
    const launched: LaunchedPod[] = [];
    const tasks: TaskInfoSpec[] = [];
    for (const m of manifests) {
      const bound = await this.#createBound(m, offer.hostname);
      const taskId = `default.${bound.metadata.name}.${++this.#taskSeq}`;
      tasks.push({
        name: taskId,
        task_id: { value: taskId },
        agent_id: offer.agent_id,
        resources: [scalar("cpus", 0.1), scalar("mem", 32)],
        data: bytesToBase64(new TextEncoder().encode(JSON.stringify(bound))),
      });
      launched.push({
        pod: bound,
        taskId,
        agentId: offer.agent_id.value,
        hostname: offer.hostname,
        launchedAt: performance.now(),
      });
    }
    await this.fw.client.call({
      type: "ACCEPT",
      accept: {
        offer_ids: [{ value: offer.id.value }],
        operations: [{
          type: "LAUNCH_GROUP",
          launch_group: {
            // Mesos requires cpus, mem and disk on a task group's executor.
            executor: {
              ...this.executorInfo(),
              type: "CUSTOM",
              resources: [scalar("cpus", 0.1), scalar("mem", 32), scalar("disk", 16)],
            },
            task_group: { tasks },
          },
        }],
      },
    });
    return launched;
  }

  async #createBound(manifest: Record<string, unknown>, hostname: string): Promise<Pod> {
    const created = await this.client.create<Pod>(
      { resource: "pods", namespace: "default" },
      manifest,
    );
    const name = created.metadata.name!;
    await this.ensureNode(hostname);
    await this.client.requestJson(
      "POST",
      resourcePath({ resource: "pods", namespace: "default", name, subresource: "binding" }),
      {
        body: {
          apiVersion: "v1",
          kind: "Binding",
          metadata: { name },
          target: { kind: "Node", name: hostname },
        },
      },
    );
    return await this.client.get<Pod>({ resource: "pods", namespace: "default", name });
  }

  /** An offer holding `hostPorts`; every other offer is declined so no resources stay held. */
  async #offer(hostPorts: number[]): Promise<Offer> {
    const deadline = Date.now() + 30_000;
    while (true) {
      const offers = await this.fw.offers();
      const fits = (o: Offer) =>
        hostPorts.every((p) =>
          o.resources.some((r) =>
            r.name === "ports" &&
            (r.ranges?.range ?? []).some((x) => Number(x.begin) <= p && p <= Number(x.end))
          )
        );
      const chosen = offers.find(fits);
      const others = offers.filter((o) => o !== chosen).map((o) => o.id.value);
      if (others.length > 0) await this.fw.client.call(declineCall(others, 0));
      if (chosen) return chosen;
      if (Date.now() > deadline) {
        throw new Error(`no offer holds host ports ${hostPorts.join(",")} within 30 s`);
      }
    }
  }

  /** Launches a task whose `data` is `data` as given (to test what the executor refuses). */
  async launchRaw(taskId: string, data: string): Promise<LaunchedPod> {
    const offer = await this.#offer([]);
    const launchedAt = performance.now();
    await this.fw.client.call(launchCall([offer.id.value], [{
      name: taskId,
      task_id: { value: taskId },
      agent_id: offer.agent_id,
      resources: [scalar("cpus", 0.1), scalar("mem", 32)],
      executor: this.executorInfo() as unknown as Record<string, unknown>,
      data,
    }]));
    const pod: Pod = { metadata: { name: taskId }, spec: { containers: [] } };
    return { pod, taskId, agentId: offer.agent_id.value, hostname: offer.hostname, launchedAt };
  }

  /** Launches the same pod (same uid) again as a new task, as after a lost task. */
  async relaunch(p: LaunchedPod, hostPorts: number[] = []): Promise<LaunchedPod> {
    const offer = await this.#offer(hostPorts);
    return await this.#launch(p.pod, offer, hostPorts);
  }

  async #launch(
    pod: Pod,
    offer: { id: { value: string }; agent_id: { value: string }; hostname: string },
    hostPorts: number[],
  ): Promise<LaunchedPod> {
    const name = pod.metadata.name!;
    const taskId = `default.${name}.${++this.#taskSeq}`;
    const bound: Pod = structuredClone(pod);
    bound.metadata.annotations = {
      ...bound.metadata.annotations,
      "k8s.mesosphere.io/taskId": taskId,
    };
    const resources: Resource[] = [scalar("cpus", 0.1), scalar("mem", 32)];
    if (hostPorts.length > 0) {
      resources.push({
        name: "ports",
        type: "RANGES",
        ranges: { range: hostPorts.map((p) => ({ begin: p, end: p })) },
        allocation_info: { role: "*" },
      });
    }
    const grace = BigInt(bound.spec?.terminationGracePeriodSeconds ?? 30) * 1_000_000_000n;
    const launchedAt = performance.now();
    await this.fw.client.call(launchCall([offer.id.value], [{
      name: `${name}.default.pod`,
      task_id: { value: taskId },
      agent_id: offer.agent_id,
      resources,
      executor: this.executorInfo() as unknown as Record<string, unknown>,
      data: bytesToBase64(new TextEncoder().encode(JSON.stringify(bound))),
      kill_policy: { grace_period: { nanoseconds: grace.toString() } },
    }]));
    return {
      pod: bound,
      taskId,
      agentId: offer.agent_id.value,
      hostname: offer.hostname,
      launchedAt,
    };
  }

  /** Waits until no executor runs on the first agent any more (after SHUTDOWN or a kill). */
  async waitExecutorGone(timeoutMs = 30_000): Promise<void> {
    await waitFor(() => this.cluster.agents[0].runs.size === 0, {
      what: "the executor to exit",
      timeoutMs,
    });
  }

  /** The pid of the running k8sm executor on the first agent. */
  executorPid(): number {
    for (const run of this.cluster.agents[0].runs.values()) {
      if (run.process && run.state !== "TERMINATED") return run.process.pid;
    }
    throw new Error("no executor runs on the agent");
  }

  /** KILL the task (optionally overriding the grace). */
  async kill(p: LaunchedPod, graceMs?: number): Promise<void> {
    await this.fw.client.call(killCall(p.taskId, p.agentId, graceMs));
  }

  /** SHUTDOWN the executor on the pod's agent. */
  async shutdownExecutor(p: LaunchedPod): Promise<void> {
    await this.fw.client.call(shutdownCall("k8sm-test-executor", p.agentId));
  }

  /** Waits for a task state. */
  async waitState(p: LaunchedPod, state: string, timeoutMs = 60_000): Promise<TaskStatus> {
    try {
      return await this.fw.waitState(p.taskId, state, timeoutMs);
    } catch (e) {
      const seen = this.fw.updates(p.taskId).map((s) =>
        `${s.state} (${s.reason ?? ""}: ${s.message ?? ""})`
      );
      throw new Error(`${(e as Error).message}; updates: ${seen.join("; ")}`);
    }
  }

  /** The pod as the API has it. */
  getPod(name: string): Promise<Pod> {
    return this.client.get<Pod>({ resource: "pods", namespace: "default", name });
  }

  /** Polls the pod until `pred` holds. */
  waitPod(name: string, pred: (p: Pod) => boolean, what: string, timeoutMs = 60_000): Promise<Pod> {
    let last: Pod | undefined;
    return waitFor(async () => {
      last = await this.getPod(name);
      return pred(last) ? last : undefined;
    }, {
      what: `${what} (last status: ${JSON.stringify(last?.status ?? {})})`,
      timeoutMs,
      intervalMs: 100,
    })
      .catch((e) => {
        throw new Error(`${e.message}; last status ${JSON.stringify(last?.status ?? {})}`);
      });
  }

  /** Names (docker) or ids (process) of every container of the pod still present. */
  async containersOf(uid: string): Promise<string[]> {
    if (this.podman) {
      const out = await this.podman.podman([
        "ps",
        "-a",
        "--format",
        "{{.Names}}",
        "--filter",
        `label=io.kubernetes.pod.uid=${uid}`,
      ]);
      return out.split("\n").filter(Boolean);
    }
    const rt = new ProcessRuntime({ root: this.rootDir });
    try {
      return (await rt.listPodContainers({ podUid: uid })).map((c) => c.ref.id);
    } finally {
      await rt.close();
    }
  }

  /** The executors' stderr, oldest run first (for failure messages). */
  executorLog(): Promise<string> {
    return readExecutorStderr(this.cluster.workDir);
  }

  /** Stops everything and removes every container, process, port and directory it made. */
  async close(): Promise<void> {
    const errors: unknown[] = [];
    const step = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (e) {
        errors.push(e);
      }
    };
    await step(() => this.fw.close());
    await step(() => this.cluster.close());
    await step(async () => {
      const rt = new ProcessRuntime({ root: this.rootDir });
      try {
        for (const c of await rt.listPodContainers()) await rt.removeSandbox(c.podUid, 0);
      } finally {
        await rt.close();
      }
    });
    await step(() => Deno.remove(this.rootDir, { recursive: true }));
    this.client.close();
    await step(() => this.api.stop());
    if (this.podman) await step(() => this.podman!.stop());
    if (errors.length > 0) throw errors[0];
  }
}
