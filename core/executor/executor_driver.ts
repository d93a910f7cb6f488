/**
 * The executor driver (the kubelet as a Mesos executor): turns agent events into pod workers —
 * LAUNCH / LAUNCH_GROUP start pods decoded from `TaskInfo.data`, KILL stops one with the kill
 * policy's grace, SHUTDOWN stops everything within the executor's grace period, MESSAGE is
 * logged — and every task state change into a reliable UPDATE carrying the pod status, while
 * the status also goes to the apiserver. On its first subscription it removes containers of
 * its own pods that no task claimed (a restarted executor adopts, never doubles). It ends when
 * told to shut down, when the agent is gone for good, or after `suicideTimeoutMs` without tasks.
 */
import { removePodVolumes, type VolumeSettings } from "./volumes/pod_volumes.ts";
import { AgentDisconnectedError, type ExecutorConnection } from "../mesos/executor_types.ts";
import { base64ToBytes, type TaskInfoJson } from "../mesos/executor_types.ts";
import { logger } from "../util/log.ts";
import { renderExecutorMetrics } from "./executor_metrics.ts";
import { buildPodStatus } from "./pod_status_builder.ts";
import { PodWorker } from "./pod_worker.ts";
import { LABELS, type Runtime } from "./runtime.ts";
import type { StatusReporter } from "./status_reporter.ts";
import { decodeTaskPod, killGraceSeconds } from "./task_pod.ts";
import {
  CREDENTIALS_REQUEST,
  decodeTaskData,
  type ExecutorCredentials,
} from "./executor_credentials.ts";
import { isTerminalTaskState, nextTaskState, statusData } from "./task_state_mapper.ts";
import type { Pod, PodStatus } from "../api/types/pod.ts";
import type { EventRecorder } from "../scheduler/event_recorder.ts";

const log = logger("executor");

/** The connection the driver needs: the executor seam plus ExecutorClient's extras. */
export interface DriverConnection extends ExecutorConnection {
  /** Waits until every update was acknowledged (ExecutorClient). */
  drain?(timeoutMs: number): Promise<boolean>;
  /** When SHUTDOWN must be finished by (ms since the epoch). */
  readonly shutdownDeadline?: number;
}

/** Settings of the driver (the executor's flags). */
export interface ExecutorDriverOptions {
  connection: DriverConnection;
  runtime: Runtime;
  reporter: StatusReporter;
  executorId: string;
  /** Exit after this long without a running task (0 = never). */
  suicideTimeoutMs: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  syncIntervalMs?: number;
  /** How long after subscribing to wait for re-launches before removing orphans (default 3 s). */
  adoptionGraceMs?: number;
  /** Posts kubelet events about pods (none when absent). */
  events?: EventRecorder;
  /** The service variables of a namespace, for containers' environment. */
  serviceEnv?: (namespace: string) => Promise<Record<string, string>>;
  /** Pod volumes: their host directory and the apiserver objects they hold. */
  volumes?: VolumeSettings;
  /** Called with the agent's hostname on every SUBSCRIBED. */
  onSubscribed?: (hostname: string) => void;
  /** Called with each launched task's credentials (undefined: the task brought none). */
  onCredentials?: (credentials: ExecutorCredentials | undefined) => void;
}

interface TaskEntry {
  taskId: string;
  worker: PodWorker;
  key: { namespace: string; name: string; uid: string };
  state?: string;
  status?: PodStatus;
  chain: Promise<unknown>;
  killing?: Promise<void>;
}

/** Runs pods for Mesos tasks until the executor should exit. */
export class ExecutorDriver {
  readonly #o: ExecutorDriverOptions;
  readonly #tasks = new Map<string, TaskEntry>();
  readonly #background = new Set<Promise<unknown>>();
  #suicide?: ReturnType<typeof setTimeout>;
  #sweep?: ReturnType<typeof setTimeout>;
  #exitReason?: string;
  #subscribedOnce = false;
  /** The framework understands TASK_KILLING (capability TASK_KILLING_STATE). */
  #killingState = false;
  readonly #sent = new Map<string, number>();

  constructor(opts: ExecutorDriverOptions) {
    this.#o = opts;
  }

  /** The pods run (with their last status), for the log server's `/pods`. */
  pods(): unknown[] {
    return [...this.#tasks.values()].map((t) => ({ ...t.worker.pod, status: t.status }));
  }

  /** Prometheus text: pods by phase, container restarts, task updates sent by state. */
  metrics(): string {
    return renderExecutorMetrics(
      [...this.#tasks.values()].map((t) => t.status),
      this.#sent,
      this.#o.reporter.written,
    );
  }

  /**
   * A pod of this node changed in the apiserver (the executor's pod watch): the worker that
   * runs that uid applies the new spec (a changed image restarts its container).
   */
  updatePod(pod: Pod): void {
    for (const t of this.#tasks.values()) {
      if (t.key.uid !== pod.metadata.uid || t.killing || isTerminalTaskState(t.state)) continue;
      t.worker.updateSpec(pod);
    }
  }

  /** Processes events until the executor should exit; resolves with the exit code. */
  async run(): Promise<number> {
    const conn = this.#o.connection;
    let code = 0;
    this.#armSuicide();
    try {
      for await (const ev of conn.events) {
        if (ev.type === "SUBSCRIBED") {
          const caps: unknown = ev.subscribed?.framework_info.capabilities;
          this.#killingState = Array.isArray(caps) &&
            (caps as unknown[]).some((c) =>
              (c as { type?: unknown } | null)?.type === "TASK_KILLING_STATE"
            );
          this.#subscribed(ev.subscribed?.agent_info.hostname ?? "");
        } else if (ev.type === "LAUNCH" && ev.launch) this.#launch(ev.launch.task);
        else if (ev.type === "LAUNCH_GROUP") {
          for (const t of ev.launch_group?.task_group.tasks ?? []) this.#launch(t);
        } else if (ev.type === "KILL" && ev.kill) {
          this.#kill(ev.kill.task_id.value, ev.kill.kill_policy);
        } else if (ev.type === "MESSAGE" && ev.message) this.#message(ev.message.data);
        else if (ev.type === "ERROR") log.error(`agent reported: ${ev.error?.message}`);
        else if (ev.type === "DISCONNECTED") log.warn("lost the agent connection; reconnecting");
        else if (ev.type === "SHUTDOWN") {
          this.#exitReason = "the agent asked the executor to shut down";
          await this.#stopAll(conn.shutdownDeadline);
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof AgentDisconnectedError)) throw e;
      this.#exitReason = e.message;
      code = 1;
      await this.#stopAll(Date.now() + 10_000);
    }
    await this.#finish();
    log.info(`executor exits: ${this.#exitReason ?? "the agent closed the connection"}`);
    return code;
  }

  #track<T>(p: Promise<T>): void {
    this.#background.add(p);
    p.finally(() => this.#background.delete(p));
  }

  #subscribed(hostname: string): void {
    log.info(`subscribed to the agent on ${hostname || "an unnamed host"}`);
    this.#o.onSubscribed?.(hostname);
    if (this.#subscribedOnce) return this.#askForCredentials();
    this.#subscribedOnce = true;
    this.#sweep = setTimeout(() => {
      this.#sweep = undefined;
      this.#track(this.#removeOrphans());
    }, this.#o.adoptionGraceMs ?? 3000);
  }

  /** Removes containers of this executor's pods that no current task runs. */
  async #removeOrphans(): Promise<void> {
    const rt = this.#o.runtime;
    const claimed = new Set([...this.#tasks.values()].map((t) => t.key.uid));
    const found = await rt.listPodContainers().catch((e) => {
      log.warn(`cannot list containers to remove leftovers: ${e instanceof Error ? e.message : e}`);
      return [];
    });
    const orphans = new Set<string>();
    for (const c of found) {
      const exec = c.labels[LABELS.executorId];
      if (claimed.has(c.podUid) || (exec && exec !== this.#o.executorId)) continue;
      orphans.add(c.podUid);
    }
    for (const uid of orphans) {
      if ([...this.#tasks.values()].some((t) => t.key.uid === uid)) continue;
      log.info(`removing the containers of pod ${uid}: no task of this executor runs it`);
      await rt.removeSandbox(uid, 0).catch((e) =>
        log.warn(`removing leftover pod ${uid} failed: ${e instanceof Error ? e.message : e}`)
      );
      if (this.#o.volumes) await removePodVolumes(this.#o.volumes.root, uid);
    }
  }

  #armSuicide(): void {
    clearTimeout(this.#suicide);
    this.#suicide = undefined;
    const t = this.#o.suicideTimeoutMs;
    if (t <= 0 || [...this.#tasks.values()].some((e) => !isTerminalTaskState(e.state))) return;
    this.#suicide = setTimeout(() => {
      this.#exitReason = `no task ran for ${t} ms (--suicide-timeout)`;
      this.#track(
        (async () => {
          await this.#o.connection.drain?.(5000);
          await this.#o.connection.close();
        })(),
      );
    }, t);
  }

  #send(entry: TaskEntry, state: string, message: string | undefined, data?: string): void {
    entry.state = state;
    this.#sent.set(state, (this.#sent.get(state) ?? 0) + 1);
    const conn = this.#o.connection;
    entry.chain = entry.chain.then(() =>
      conn.update({ task_id: { value: entry.taskId }, state, message, ...(data ? { data } : {}) })
    ).catch((e) =>
      log.error(
        `sending ${state} for task ${entry.taskId} failed: ${e instanceof Error ? e.message : e}`,
      )
    );
    this.#track(entry.chain);
  }

  /** One update for a task this executor does not run (refused launch, unknown kill). */
  #answer(taskId: string, state: string, message: string): void {
    log.warn(`task ${taskId}: ${state}: ${message}`);
    const sent = this.#o.connection.update({ task_id: { value: taskId }, state, message });
    this.#track(sent.catch(() => {}));
  }

  /**
   * After a re-subscription (the agent, or the whole `up`, came back), asks the scheduler for
   * credentials again: the apiserver may have a new address, and a MESSAGE the scheduler sent
   * while this executor was reconnecting is lost.
   */
  #askForCredentials(): void {
    const body = new TextEncoder().encode(JSON.stringify({ request: CREDENTIALS_REQUEST }));
    this.#track(this.#o.connection.message(body).catch(() => {}));
  }

  /** A scheduler MESSAGE: refreshed credentials (`{"credentials": …}`), else just logged. */
  #message(data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(base64ToBytes(data)));
    } catch {
      return log.v(1, "a message from the scheduler that is not JSON; ignored");
    }
    const creds = decodeTaskData({ pod: {}, ...(parsed as Record<string, unknown>) }).credentials;
    if (creds) {
      log.v(1, `credentials refreshed by the scheduler (expire ${creds.expirationTimestamp})`);
      this.#o.onCredentials?.(creds);
    } else log.v(1, "a message from the scheduler without credentials; ignored");
  }

  #launch(task: TaskInfoJson): void {
    const taskId = task.task_id.value;
    this.#armSuicide();
    if (this.#tasks.has(taskId)) return log.v(1, `task ${taskId} launched again; already running`);
    const decoded = decodeTaskPod(task);
    if (typeof decoded === "string") return this.#answer(taskId, "TASK_FAILED", decoded);
    this.#o.onCredentials?.(decoded.credentials);
    const { pod, hostPorts } = decoded;
    const twin = [...this.#tasks.values()].find((t) =>
      t.key.uid === pod.metadata.uid && !isTerminalTaskState(t.state)
    );
    if (twin) {
      const why = `pod ${pod.metadata.name} (uid ${pod.metadata.uid}) already runs here as task ` +
        `${twin.taskId}; kill that task before launching the pod again`;
      return this.#answer(taskId, "TASK_FAILED", why);
    }
    const key = {
      namespace: pod.metadata.namespace!,
      name: pod.metadata.name!,
      uid: pod.metadata.uid!,
    };
    log.info(`launching pod ${key.namespace}/${key.name} (uid ${key.uid}) as task ${taskId}`);
    const entry: TaskEntry = {
      taskId,
      key,
      chain: Promise.resolve(),
      worker: new PodWorker({
        pod,
        runtime: this.#o.runtime,
        ctx: { taskId, executorId: this.#o.executorId, hostPorts },
        backoffInitialMs: this.#o.backoffInitialMs,
        backoffMaxMs: this.#o.backoffMaxMs,
        syncIntervalMs: this.#o.syncIntervalMs,
        serviceEnv: this.#o.serviceEnv,
        volumes: this.#o.volumes,
        event: (type, reason, message) =>
          this.#o.events?.record({ kind: "Pod", ...pod }, type, reason, message),
        onChange: () => this.#changed(entry),
      }),
    };
    this.#tasks.set(taskId, entry);
    this.#armSuicide();
    this.#changed(entry);
    entry.worker.start();
  }

  #changed(entry: TaskEntry): void {
    const status = buildPodStatus(entry.worker.snapshot(), entry.status);
    entry.status = status;
    this.#o.reporter.report(entry.key, status);
    const change = nextTaskState(entry.state, status, entry.worker.killed);
    if (!change) return;
    log.info(`task ${entry.taskId}: ${change.state} (${change.message ?? ""})`);
    this.#send(entry, change.state, change.message, statusData(status));
    if (isTerminalTaskState(change.state)) this.#armSuicide();
  }

  #kill(taskId: string, policy: Record<string, unknown> | undefined, deadline?: number): void {
    const entry = this.#tasks.get(taskId);
    if (!entry) {
      return this.#answer(taskId, "TASK_KILLED", "the task is not known to this executor");
    }
    if (entry.killing || isTerminalTaskState(entry.state)) return;
    let grace = killGraceSeconds(policy, entry.worker.pod);
    if (deadline !== undefined) {
      grace = Math.max(0, Math.min(grace, (deadline - Date.now() - 1000) / 1000));
    }
    log.info(`killing task ${taskId} with a grace period of ${grace} s`);
    if (this.#killingState) {
      this.#send(entry, "TASK_KILLING", `stopping the pod's containers (grace ${grace} s)`);
    }
    entry.killing = entry.worker.kill(grace).then(
      () => this.#o.reporter.finalize(entry.key),
      (e) => log.error(`killing task ${taskId} failed: ${e instanceof Error ? e.message : e}`),
    );
    this.#track(entry.killing);
  }

  /** Stops every pod (SIGTERM of the executor), reports them killed and ends `run()`. */
  async stopAndExit(reason: string, graceMs = 10_000): Promise<void> {
    this.#exitReason = reason;
    await this.#stopAll(Date.now() + graceMs);
    await Promise.allSettled([...this.#tasks.values()].map((e) => e.chain));
    await this.#o.connection.drain?.(3000);
    await this.#o.connection.close();
  }

  /** Kills every running task within the deadline and waits for it. */
  async #stopAll(deadline = Date.now() + 5000): Promise<void> {
    for (const e of this.#tasks.values()) this.#kill(e.taskId, undefined, deadline);
    await Promise.all([...this.#tasks.values()].map((e) => e.killing));
  }

  async #finish(): Promise<void> {
    clearTimeout(this.#suicide);
    clearTimeout(this.#sweep);
    for (const e of this.#tasks.values()) {
      if (!e.worker.killed) await e.worker.remove().catch(() => {});
    }
    while (this.#background.size > 0) await Promise.allSettled([...this.#background]);
    await this.#o.reporter.flush(3000);
    await this.#o.connection.drain?.(3000);
    await this.#o.connection.close();
  }
}
