/**
 * One pod's worker (kubelet's pod worker): creates the pod's sandbox, runs its init containers
 * one after the other, then keeps its containers as the spec says — restarts per
 * `restartPolicy` with crash-loop back-off, restarts on failed liveness/startup probes, tracks
 * readiness (container_runner.ts) — and stops everything with the grace period when killed.
 * Containers of the same pod uid left by an earlier executor are adopted, not doubled.
 */
import type { Pod } from "../api/types/pod.ts";
import { logger } from "../util/log.ts";
import { adoptContainers } from "./container_adoption.ts";
import { ContainerRunner } from "./container_runner.ts";
import { ContainerSlot } from "./container_slot.ts";
import { CrashLoopBackoff } from "./crash_loop_backoff.ts";
import { podIdentity } from "./pod_shape.ts";
import { hookFailureMessage, runLifecycleHook } from "./lifecycle_hooks.ts";
import { probeTargetFor } from "./probes/probe_runner.ts";
import { type PodSnapshot, qosClassOf } from "./pod_status_builder.ts";
import { type Runtime, RuntimeError, type SandboxInfo, type StartContext } from "./runtime.ts";
import { SyncPacer } from "./sync_pacer.ts";
import { PodVolumes, type VolumeSettings } from "./volumes/pod_volumes.ts";

const log = logger("pod-worker");

/** Settings of a PodWorker. */
export interface PodWorkerOptions {
  pod: Pod;
  runtime: Runtime;
  /** Task id, executor id and host-port mapping the containers are started with. */
  ctx: StartContext;
  /** Crash-loop back-off bounds (kubelet: 10 s doubling to 5 min). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /**
   * How often containers are inspected while the pod changes (default 500 ms); a stable pod
   * backs off (sync_pacer.ts) and is woken by container exits, probes, kills and spec changes.
   */
  syncIntervalMs?: number;
  /** Called when the pod's snapshot changed. */
  onChange: () => void;
  /** Records a kubelet-style event about the pod (Started, BackOff, Unhealthy, Killing). */
  event?: (type: "Normal" | "Warning", reason: string, message: string) => void;
  /** The service variables of a namespace (kubelet's `{SVC}_SERVICE_HOST`…); none when absent. */
  serviceEnv?: (namespace: string) => Promise<Record<string, string>>;
  /** Where the pod's volumes live and where their ConfigMaps, Secrets and tokens come from. */
  volumes?: VolumeSettings;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs one pod until killed (or until it completed, per its restart policy). */
export class PodWorker {
  readonly pod: Pod;
  readonly uid: string;
  readonly startTime = new Date().toISOString();
  readonly initSlots: ContainerSlot[];
  readonly slots: ContainerSlot[];
  readonly #opts: PodWorkerOptions;
  readonly #restartPolicy: string;
  readonly #runner: ContainerRunner;
  #initialized: boolean;
  #sandbox?: SandboxInfo;
  #stopping = false;
  #killed = false;
  #terminal?: { reason: string; message: string };
  #loop?: Promise<void>;
  readonly #pacer: SyncPacer;
  #last = "";
  #sandboxFailure?: string;
  readonly #volumes?: PodVolumes;

  constructor(opts: PodWorkerOptions) {
    this.#opts = opts;
    this.pod = opts.pod;
    this.uid = podIdentity(opts.pod).uid;
    this.initSlots = (opts.pod.spec?.initContainers ?? []).map((c) => new ContainerSlot(c));
    this.slots = (opts.pod.spec?.containers ?? []).map((c) => new ContainerSlot(c));
    this.#initialized = this.initSlots.length === 0;
    if (!this.#initialized) { for (const s of this.slots) s.markWaiting("PodInitializing"); }
    this.#restartPolicy = opts.pod.spec?.restartPolicy ?? "Always";
    this.#pacer = new SyncPacer({ busyMs: opts.syncIntervalMs ?? 500 });
    if (opts.volumes) this.#volumes = new PodVolumes(opts.pod, opts.volumes);
    this.#runner = new ContainerRunner({
      pod: opts.pod,
      uid: this.uid,
      name: `${opts.pod.metadata.namespace ?? "default"}/${opts.pod.metadata.name}`,
      runtime: opts.runtime,
      ctx: opts.ctx,
      backoff: new CrashLoopBackoff({ initialMs: opts.backoffInitialMs, maxMs: opts.backoffMaxMs }),
      sandbox: () => this.#sandbox!,
      grace: () => this.pod.spec?.terminationGracePeriodSeconds ?? 30,
      serviceEnv: opts.serviceEnv,
      volumes: this.#volumes,
      objects: opts.volumes?.source,
      event: (type, reason, message) => opts.event?.(type, reason, message),
      changed: () => this.#changed(),
      wake: () => this.wake(),
    });
  }

  /** True after a kill. */
  get killed(): boolean {
    return this.#killed;
  }

  /** True once no container will ever run again (completed per restart policy, or killed). */
  get finished(): boolean {
    return this.#killed || this.#terminal !== undefined ||
      (this.slots.length > 0 && this.slots.every((s) => s.done));
  }

  /** The status builder's input. */
  snapshot(): PodSnapshot {
    return {
      restartPolicy: this.#restartPolicy,
      initContainers: this.initSlots.map((s) => s.snapshot()),
      initialized: this.#initialized,
      containers: this.slots.map((s) => s.snapshot()),
      podIP: this.#sandbox?.podIP,
      hostIP: this.#sandbox?.hostIP,
      startTime: this.startTime,
      qosClass: qosClassOf(this.pod.spec?.containers ?? []),
      terminal: this.#terminal,
      notice: this.#runner.notice,
    };
  }

  /** Starts the worker loop. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /**
   * Acts on the pod's updated spec as a kubelet does: a container whose image changed is
   * stopped (Killing "definition changed") and started again with the new image, whatever the
   * restart policy; one waiting to start (back-off, a failed pull) starts with it at once.
   */
  updateSpec(pod: Pod): void {
    if (this.#stopping || this.finished || pod.metadata.uid !== this.uid) return;
    let changed = false;
    for (const c of pod.spec?.containers ?? []) {
      const slot = this.slots.find((s) => s.name === c.name);
      const mine = this.pod.spec?.containers?.find((x) => x.name === c.name);
      if (!slot || !mine || !c.image || c.image === mine.image) continue;
      log.info(`pod ${this.#name()}: container "${c.name}" image ${mine.image} -> ${c.image}`);
      // The slot's spec is the pod's container object: both now name the new image.
      mine.image = c.image;
      if (slot.spec !== mine) (slot.spec as { image?: string }).image = c.image;
      const why = `Container ${c.name} definition changed, will be restarted`;
      this.#opts.event?.("Normal", "Killing", why);
      slot.specChanged = true;
      if (slot.running) slot.restartRequested = why;
      changed = true;
    }
    if (changed) this.wake();
  }

  /** Re-runs a sync at once (probe results, kill, a container's exit). */
  wake(): void {
    this.#pacer.wake();
  }

  /** Tells `onChange` when the snapshot changed; true when it did. */
  #changed(): boolean {
    const now = JSON.stringify(this.snapshot());
    if (now === this.#last) return false;
    this.#last = now;
    this.#opts.onChange();
    return true;
  }

  #name(): string {
    return `${this.pod.metadata.namespace ?? "default"}/${this.pod.metadata.name}`;
  }

  async #run(): Promise<void> {
    let lastError = "";
    while (!this.#stopping) {
      this.#pacer.begin();
      let want = Number.POSITIVE_INFINITY, failed = false;
      try {
        want = await this.#sync();
        lastError = "";
      } catch (e) {
        // The runtime is unreachable or refuses: say so once, then retry more slowly.
        if (errorText(e) !== lastError) {
          log.warn(`pod ${this.#name()}: sync failed, retrying every 2 s: ${errorText(e)}`);
        }
        lastError = errorText(e);
        failed = true;
      }
      const changed = this.#changed() || failed;
      if (this.finished) break;
      const all = [...this.initSlots, ...this.slots];
      const next = this.#pacer.next(want, changed, this.#pacer.watchExits(this.#opts.runtime, all));
      await this.#pacer.sleep(failed ? Math.max(next, 2000) : next);
    }
    if (this.finished && !this.#stopping) await this.#releaseSandbox();
  }

  /**
   * A pod that completed per its restart policy keeps nothing running: its sandbox (Docker's
   * infra container) is stopped; the exited containers stay for `kubectl logs` until removal.
   */
  async #releaseSandbox(): Promise<void> {
    const rt = this.#opts.runtime;
    // The process runtime's sandbox is a directory: nothing of it runs.
    if (rt.name === "process") return;
    try {
      const found = await rt.listPodContainers({ podUid: this.uid });
      const running = found.filter((c) => c.sandbox && c.state === "running");
      await Promise.all(running.map((c) => rt.stopContainer(c.ref, 0)));
    } catch (e) {
      log.warn(`pod ${this.#name()}: stopping the finished pod's sandbox failed: ${errorText(e)}`);
    }
  }

  /**
   * One pass: the active deadline, sandbox, adoption, init containers, containers. Returns ms
   * until the next one.
   */
  async #sync(): Promise<number> {
    const rt = this.#opts.runtime;
    const deadline = this.pod.spec?.activeDeadlineSeconds;
    if (deadline !== undefined && deadline > 0) {
      const left = Date.parse(this.startTime) + deadline * 1000 - Date.now();
      if (left <= 0) {
        this.#opts.event?.(
          "Normal",
          "DeadlineExceeded",
          "Pod was active on the node longer than the specified deadline",
        );
        await this.#stopAll(this.pod.spec?.terminationGracePeriodSeconds ?? 30);
        this.#terminal = {
          reason: "DeadlineExceeded",
          message: `Pod was active on the node longer than the specified deadline (${deadline} s)`,
        };
        return Number.POSITIVE_INFINITY;
      }
      return Math.min(left, await this.#syncPod(rt));
    }
    return await this.#syncPod(rt);
  }

  async #syncPod(rt: Runtime): Promise<number> {
    if (!this.#sandbox) {
      try {
        this.#sandbox = await rt.ensureSandbox(this.pod, this.#opts.ctx);
      } catch (e) {
        const reason = e instanceof RuntimeError ? e.reason : "CreatePodSandboxError";
        const message = `pod sandbox: ${errorText(e)}`;
        for (const s of this.slots) s.markWaiting(reason, message);
        if (message !== this.#sandboxFailure) {
          // Said once per distinct failure: the sandbox is retried every 2 s.
          log.warn(`pod ${this.#name()}: cannot create the pod sandbox: ${errorText(e)}`);
          this.#opts.event?.(
            "Warning",
            reason === "ErrImagePull" ? "Failed" : "FailedCreatePodSandBox",
            reason === "ErrImagePull"
              ? errorText(e)
              : `Failed to create pod sandbox: ${errorText(e)}`,
          );
        }
        this.#sandboxFailure = message;
        return 2000;
      }
      this.#sandboxFailure = undefined;
      await this.#adopt();
    }
    const mountWait = await this.#volumes?.sync(this.#sandbox, (message, repeated, setup) => {
      if (setup) {
        for (const s of [...this.initSlots, ...this.slots]) {
          s.markWaiting("ContainerCreating", message);
        }
      }
      if (!repeated) this.#opts.event?.("Warning", setup ? "FailedMount" : "FailedSync", message);
    });
    if (mountWait !== undefined) return mountWait;
    // The next volume refresh (ConfigMap/Secret updates) is a reason to sync too.
    const refresh = this.#volumes?.nextRefreshMs() ?? Number.POSITIVE_INFINITY;
    if (!this.#initialized) {
      const wait = await this.#syncInit();
      if (!this.#initialized) return Math.min(refresh, wait);
    }
    let wait = refresh;
    for (const slot of this.slots) {
      if (this.#stopping) break;
      wait = Math.min(wait, await this.#runner.sync(slot, this.#restartPolicy));
    }
    return wait;
  }

  async #adopt(): Promise<void> {
    const all = [...this.initSlots, ...this.slots];
    const running = await adoptContainers(this.#opts.runtime, this.uid, this.#name(), all);
    for (const slot of running) this.#runner.startProbes(slot);
    // Kubelet: once an app container was started, the pod's init phase is over.
    if (this.slots.some((s) => s.ref !== undefined)) this.#initialized = true;
    for (const s of this.initSlots) {
      if (s.state.terminated?.exitCode === 0) s.done = true;
    }
  }

  /** Runs the init containers in order; each must exit 0 before the next one starts. */
  async #syncInit(): Promise<number> {
    // Init containers restart like OnFailure unless the pod never restarts anything.
    const policy = this.#restartPolicy === "Never" ? "Never" : "OnFailure";
    for (const slot of this.initSlots) {
      if (slot.done && slot.lastExitCode === 0 && !slot.running) continue;
      const wait = await this.#runner.sync(slot, policy);
      if (!slot.done) return wait;
      if (slot.lastExitCode !== 0) {
        this.#terminal = {
          reason: "InitContainerFailed",
          message: `init container "${slot.name}" exited with code ${slot.lastExitCode}`,
        };
        return Number.POSITIVE_INFINITY;
      }
    }
    this.#initialized = true;
    for (const s of this.slots) s.markWaiting("ContainerCreating");
    return 0;
  }

  /**
   * Stops every container within `graceSeconds`, removes them and the sandbox, and marks the
   * pod killed. Resolves when everything is gone.
   */
  async kill(graceSeconds: number, reason = "Killed", message?: string): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    const rt = this.#opts.runtime;
    await this.#stopAll(graceSeconds);
    await rt.removeSandbox(this.uid, 0);
    await this.#tearDownVolumes();
    this.#killed = true;
    this.#terminal = {
      reason,
      message: message ?? `the pod's Mesos task was killed; its containers were stopped`,
    };
    this.#changed();
  }

  /** Stops every running container within `graceSeconds`, recording how each ended. */
  async #stopAll(graceSeconds: number): Promise<void> {
    const rt = this.#opts.runtime;
    await Promise.all([...this.initSlots, ...this.slots].map(async (slot) => {
      await this.#runner.stopProbes(slot);
      slot.done = true;
      if (!slot.running || !slot.ref) return;
      this.#opts.event?.("Normal", "Killing", `Stopping container ${slot.name}`);
      const left = await this.#preStop(slot, graceSeconds);
      await rt.stopContainer(slot.ref, left).catch((e) =>
        log.warn(`pod ${this.#name()}: stopping "${slot.name}" failed: ${errorText(e)}`)
      );
      slot.markTerminated(await rt.inspectContainer(slot.ref));
    }));
  }

  /**
   * Runs the container's preStop hook within `graceSeconds` (kubelet: the hook's time counts
   * against the grace period) and returns the seconds left for SIGTERM→SIGKILL.
   */
  async #preStop(slot: ContainerSlot, graceSeconds: number): Promise<number> {
    const hook = slot.spec.lifecycle?.preStop;
    if (!hook || !slot.ref || !this.#sandbox || graceSeconds <= 0) return graceSeconds;
    const started = Date.now();
    const rt = this.#opts.runtime;
    const target = probeTargetFor(rt, this.#sandbox, slot.spec, slot.ref, this.#opts.ctx);
    const r = await runLifecycleHook(hook, target, graceSeconds);
    if (r.result !== "success") {
      this.#opts.event?.(
        "Warning",
        "FailedPreStopHook",
        hookFailureMessage("PreStop", slot.name, r),
      );
    }
    return Math.max(0, graceSeconds - (Date.now() - started) / 1000);
  }

  /** Removes the containers of a finished pod (when its executor goes away). */
  async remove(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    for (const slot of [...this.initSlots, ...this.slots]) await this.#runner.stopProbes(slot);
    await this.#opts.runtime.removeSandbox(this.uid, 0);
    await this.#tearDownVolumes();
  }

  async #tearDownVolumes(): Promise<void> {
    await this.#volumes?.tearDown().catch((e) =>
      log.warn(`pod ${this.#name()}: removing its volumes failed: ${errorText(e)}`)
    );
  }
}
