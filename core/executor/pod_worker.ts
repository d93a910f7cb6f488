/**
 * One pod's worker (kubelet's pod worker): creates the pod's sandbox and containers, keeps them
 * as the spec says — restarts per `restartPolicy` with crash-loop back-off, restarts on failed
 * liveness/startup probes, tracks readiness — and stops everything with the grace period when
 * killed. Containers of the same pod uid left by an earlier executor are adopted, not doubled.
 */
import type { Pod } from "../api/types/pod.ts";
import { logger } from "../util/log.ts";
import { ContainerSlot } from "./container_slot.ts";
import { adoptContainers, pruneAttempts } from "./container_adoption.ts";
import { resolveContainer } from "./container_env.ts";
import { CrashLoopBackoff } from "./crash_loop_backoff.ts";
import { podIdentity } from "./pod_shape.ts";
import { type PodSnapshot, qosClassOf } from "./pod_status_builder.ts";
import { ProbeManager } from "./probe_manager.ts";
import { probeTargetFor } from "./probes/probe_runner.ts";
import {
  containerIdOf,
  pullPolicyOf,
  type Runtime,
  RuntimeError,
  type SandboxInfo,
  type StartContext,
} from "./runtime.ts";

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
  /** How often containers are inspected (default 500 ms). */
  syncIntervalMs?: number;
  /** Called when the pod's snapshot changed. */
  onChange: () => void;
  /** Records a kubelet-style event about the pod (Created, Started, BackOff, Unhealthy, Killing). */
  event?: (type: "Normal" | "Warning", reason: string, message: string) => void;
  /** The service variables of a namespace (kubelet's `{SVC}_SERVICE_HOST`…); none when absent. */
  serviceEnv?: (namespace: string) => Promise<Record<string, string>>;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs one pod until killed (or until it completed, per its restart policy). */
export class PodWorker {
  readonly pod: Pod;
  readonly uid: string;
  readonly startTime = new Date().toISOString();
  readonly slots: ContainerSlot[];
  readonly #opts: PodWorkerOptions;
  readonly #backoff: CrashLoopBackoff;
  readonly #restartPolicy: string;
  #sandbox?: SandboxInfo;
  #stopping = false;
  #killed = false;
  #terminal?: { reason: string; message: string };
  #loop?: Promise<void>;
  #wake?: () => void;
  #last = "";

  constructor(opts: PodWorkerOptions) {
    this.#opts = opts;
    this.pod = opts.pod;
    this.uid = podIdentity(opts.pod).uid;
    this.slots = (opts.pod.spec?.containers ?? []).map((c) => new ContainerSlot(c));
    this.#restartPolicy = opts.pod.spec?.restartPolicy ?? "Always";
    this.#backoff = new CrashLoopBackoff({
      initialMs: opts.backoffInitialMs,
      maxMs: opts.backoffMaxMs,
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
      containers: this.slots.map((s) => s.snapshot()),
      podIP: this.#sandbox?.podIP,
      hostIP: this.#sandbox?.hostIP,
      startTime: this.startTime,
      qosClass: qosClassOf(this.pod.spec?.containers ?? []),
      terminal: this.#terminal,
    };
  }

  /** Starts the worker loop. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Re-runs a sync at once (probe results, kill). */
  wake(): void {
    this.#wake?.();
  }

  #changed(): void {
    const now = JSON.stringify(this.snapshot());
    if (now === this.#last) return;
    this.#last = now;
    this.#opts.onChange();
  }

  #event(type: "Normal" | "Warning", reason: string, message: string): void {
    this.#opts.event?.(type, reason, message);
  }

  #grace(): number {
    return this.pod.spec?.terminationGracePeriodSeconds ?? 30;
  }

  async #sleep(ms: number): Promise<void> {
    if (this.#stopping) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.#wake = undefined;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  async #run(): Promise<void> {
    const interval = this.#opts.syncIntervalMs ?? 500;
    let lastError = "";
    while (!this.#stopping) {
      let next = interval;
      try {
        next = Math.min(next, await this.#sync());
        lastError = "";
      } catch (e) {
        // The runtime is unreachable or refuses: say so once, then retry more slowly.
        if (errorText(e) !== lastError) {
          log.warn(`pod ${this.#name()}: sync failed, retrying every 2 s: ${errorText(e)}`);
        }
        lastError = errorText(e);
        next = Math.max(next, 2000);
      }
      this.#changed();
      if (this.finished) break;
      await this.#sleep(Math.max(10, next));
    }
  }

  #name(): string {
    return `${this.pod.metadata.namespace ?? "default"}/${this.pod.metadata.name}`;
  }

  /** One pass: sandbox, adoption, inspections, restarts. Returns ms until it wants to run again. */
  async #sync(): Promise<number> {
    const rt = this.#opts.runtime;
    if (!this.#sandbox) {
      try {
        this.#sandbox = await rt.ensureSandbox(this.pod, this.#opts.ctx);
      } catch (e) {
        const reason = e instanceof RuntimeError ? e.reason : "CreatePodSandboxError";
        for (const s of this.slots) s.markWaiting(reason, `pod sandbox: ${errorText(e)}`);
        return 2000;
      }
      await this.#adopt();
    }
    let wait = Number.POSITIVE_INFINITY;
    for (const slot of this.slots) {
      if (this.#stopping) break;
      wait = Math.min(wait, await this.#syncSlot(slot));
    }
    return wait;
  }

  async #adopt(): Promise<void> {
    const rt = this.#opts.runtime;
    for (const slot of await adoptContainers(rt, this.uid, this.#name(), this.slots)) {
      this.#startProbes(slot);
    }
  }

  #startProbes(slot: ContainerSlot): void {
    const { livenessProbe, readinessProbe, startupProbe } = slot.spec;
    if (!livenessProbe && !readinessProbe && !startupProbe) return;
    const rt = this.#opts.runtime;
    slot.probes = new ProbeManager({
      liveness: livenessProbe,
      readiness: readinessProbe,
      startup: startupProbe,
      target: probeTargetFor(rt, this.#sandbox!, slot.spec, slot.ref!, this.#opts.ctx),
      onChange: () => this.#changed(),
      onFailure: (kind, message) => {
        this.#event("Warning", "Unhealthy", message);
        this.#event(
          "Normal",
          "Killing",
          `Container ${slot.name} failed ${kind} probe, will be restarted`,
        );
        log.info(
          `pod ${this.#name()}: container "${slot.name}" failed its ${kind} probe and ` +
            `will be restarted: ${message}`,
        );
        slot.restartRequested = message;
        this.wake();
      },
    });
    slot.probes.start();
  }

  async #stopProbes(slot: ContainerSlot): Promise<void> {
    const p = slot.probes;
    slot.probes = undefined;
    await p?.stop();
  }

  async #syncSlot(slot: ContainerSlot): Promise<number> {
    const rt = this.#opts.runtime;
    if (slot.running && slot.ref) {
      if (slot.restartRequested) {
        await this.#stopProbes(slot);
        await rt.stopContainer(slot.ref, this.#grace());
        slot.killedByProbe = true;
      }
      const inspect = await rt.inspectContainer(slot.ref);
      if (inspect.state === "running" || inspect.state === "created") {
        if (inspect.imageId) slot.imageID = inspect.imageId;
        return Number.POSITIVE_INFINITY;
      }
      await this.#stopProbes(slot);
      slot.markTerminated(inspect);
      if (slot.killedByProbe && slot.restartRequested) {
        slot.state.terminated!.message = slot.restartRequested;
      }
    }
    if (slot.done) return Number.POSITIVE_INFINITY;
    if (slot.finishedAt !== undefined) {
      const code = slot.lastExitCode ?? 0;
      const restart = this.#restartPolicy === "Always" ||
        (this.#restartPolicy === "OnFailure" && (code !== 0 || slot.killedByProbe));
      if (!restart) {
        slot.done = true;
        return Number.POSITIVE_INFINITY;
      }
      const left = this.#backoff.remainingMs(slot.name, slot.finishedAt);
      if (left > 0) {
        const d = Math.round(this.#backoff.delayMs(slot.name) / 1000);
        if (slot.state.waiting?.reason !== "CrashLoopBackOff") {
          this.#event(
            "Warning",
            "BackOff",
            `Back-off restarting failed container ${slot.name} in pod ${this.#name()}`,
          );
        }
        slot.markWaiting(
          "CrashLoopBackOff",
          `back-off ${d}s restarting failed container=${slot.name} pod=${this.pod.metadata.name}_` +
            `${this.pod.metadata.namespace ?? "default"}(${this.uid})`,
        );
        return left;
      }
      this.#backoff.restarted(slot.name);
    } else if (slot.ref === undefined && slot.state.waiting?.reason !== "ContainerCreating") {
      // An earlier start failed: retry after the back-off.
      const left = this.#backoff.remainingMs(`start/${slot.name}`, slot.lastTryAt ?? 0);
      if (left > 0 && slot.state.waiting?.reason === "ErrImagePull") {
        slot.markWaiting("ImagePullBackOff", `Back-off pulling image "${slot.spec.image}"`);
      }
      if (left > 0) return left;
    }
    return await this.#startSlot(slot);
  }

  async #startSlot(slot: ContainerSlot): Promise<number> {
    const rt = this.#opts.runtime;
    const attempt = slot.ref ? slot.restartCount + 1 : slot.restartCount;
    const previous = slot.ref;
    try {
      if (slot.spec.image) await rt.pullImage(slot.spec.image, pullPolicyOf(slot.spec));
      const services = await this.#opts.serviceEnv?.(this.pod.metadata.namespace ?? "default");
      const own = this.pod.spec?.containers.find((c) => c.name === slot.name);
      const spec = own
        ? resolveContainer(this.pod, own, this.#sandbox!, services ?? {})
        : slot.spec;
      const ref = await rt.startContainer(this.pod, spec, { ...this.#opts.ctx, attempt });
      slot.killedByProbe = false;
      slot.markRunning(ref, containerIdOf(rt, ref));
      this.#event("Normal", "Started", `Started container ${slot.name}`);
      // Keep the previous attempt for `logs --previous`, remove the ones before it.
      if (previous) await pruneAttempts(rt, this.uid, slot.name, previous.attempt);
      this.#startProbes(slot);
      return Number.POSITIVE_INFINITY;
    } catch (e) {
      const reason = e instanceof RuntimeError ? e.reason : "RunContainerError";
      log.warn(`pod ${this.#name()}: cannot start container "${slot.name}": ${errorText(e)}`);
      slot.markWaiting(reason, errorText(e));
      this.#event("Warning", "Failed", `Error: ${reason}: ${errorText(e)}`);
      slot.lastTryAt = Date.now();
      this.#backoff.restarted(`start/${slot.name}`);
      return this.#backoff.remainingMs(`start/${slot.name}`, slot.lastTryAt);
    }
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
    await Promise.all(this.slots.map(async (slot) => {
      await this.#stopProbes(slot);
      slot.done = true;
      if (!slot.running || !slot.ref) return;
      this.#event("Normal", "Killing", `Stopping container ${slot.name}`);
      await rt.stopContainer(slot.ref, graceSeconds).catch((e) =>
        log.warn(`pod ${this.#name()}: stopping "${slot.name}" failed: ${errorText(e)}`)
      );
      slot.markTerminated(await rt.inspectContainer(slot.ref));
    }));
    await rt.removeSandbox(this.uid, 0);
    this.#killed = true;
    this.#terminal = {
      reason,
      message: message ?? `the pod's Mesos task was killed; its containers were stopped`,
    };
    this.#changed();
  }

  /** Removes the containers of a finished pod (when its executor goes away). */
  async remove(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    for (const slot of this.slots) await this.#stopProbes(slot);
    await this.#opts.runtime.removeSandbox(this.uid, 0);
  }
}
