/**
 * The worker's record of one container of a pod: the current runtime attempt, its restart
 * count, kubelet-style state and last state, and its probes. Turns runtime inspections into
 * ContainerState values and into the status builder's ContainerSnapshot.
 */
import type { ContainerState } from "../api/types/container_status.ts";
import type { RuntimeContainer } from "./pod_shape.ts";
import type { ProbeManager } from "./probe_manager.ts";
import type { ContainerInspect, ContainerRef } from "./runtime.ts";
import type { ContainerSnapshot } from "./pod_status_builder.ts";

/** One container of a pod, as its worker tracks it. */
export class ContainerSlot {
  /** The running (or last) attempt; undefined before the first start. */
  ref?: ContainerRef;
  /** `docker://…` / `process://…` of `ref`. */
  containerID?: string;
  restartCount = 0;
  state: ContainerState = { waiting: { reason: "ContainerCreating" } };
  lastState?: ContainerState;
  imageID = "";
  probes?: ProbeManager;
  /** When the current attempt finished (ms since the epoch). */
  finishedAt?: number;
  /** A probe asked for a restart: the reason, until the container is stopped. */
  restartRequested?: string;
  /** The last attempt was stopped because a probe failed (restarts even under OnFailure). */
  killedByProbe = false;
  /**
   * The container's spec (its image) changed: the next attempt starts at once with it, whatever
   * the restart policy and back-off say (kubelet: "definition changed, will be restarted").
   */
  specChanged = false;
  /** When the last failed start was tried (ms since the epoch). */
  lastTryAt?: number;
  /** `<reason>: <message>` of the last failed start, so the executor log says it once. */
  lastFailure?: string;
  /** The container will not be started again (restart policy says so, or the pod is stopping). */
  done = false;

  constructor(readonly spec: RuntimeContainer) {}

  /** The container's name in the pod spec. */
  get name(): string {
    return this.spec.name;
  }

  /** True while the current attempt runs. */
  get running(): boolean {
    return this.state.running !== undefined;
  }

  /** Records a freshly started (or adopted running) attempt. */
  markRunning(ref: ContainerRef, containerID: string, startedAt?: string): void {
    if (this.state.terminated) this.lastState = { terminated: this.state.terminated };
    this.ref = ref;
    this.containerID = containerID;
    this.restartCount = ref.attempt;
    this.state = { running: { startedAt: startedAt ?? new Date().toISOString() } };
    this.finishedAt = undefined;
    this.restartRequested = undefined;
  }

  /** Records the end of the current attempt from an inspection. */
  markTerminated(inspect: ContainerInspect): void {
    const exitCode = inspect.exitCode ?? (inspect.state === "unknown" ? 137 : 0);
    const reason = inspect.reason ??
      (inspect.state === "unknown"
        ? "ContainerStatusUnknown"
        : exitCode === 0
        ? "Completed"
        : "Error");
    const finishedAt = inspect.finishedAt ?? new Date().toISOString();
    this.state = {
      terminated: {
        exitCode,
        reason,
        startedAt: inspect.startedAt ?? this.state.running?.startedAt,
        finishedAt,
        containerID: this.containerID,
      },
    };
    if (inspect.message) this.state.terminated!.message = inspect.message;
    const t = Date.parse(finishedAt);
    this.finishedAt = Number.isNaN(t) ? Date.now() : Math.min(t, Date.now());
  }

  /** Waiting (not running) with a reason: ContainerCreating, CrashLoopBackOff, ErrImagePull… */
  markWaiting(reason: string, message?: string): void {
    if (this.state.terminated) this.lastState = { terminated: this.state.terminated };
    this.state = { waiting: message ? { reason, message } : { reason } };
  }

  /** The exit code of the last finished attempt, if any. */
  get lastExitCode(): number | undefined {
    return (this.state.terminated ?? this.lastState?.terminated)?.exitCode;
  }

  /** The status builder's view of this container. */
  snapshot(): ContainerSnapshot {
    const running = this.running;
    return {
      name: this.name,
      image: this.spec.image ?? "",
      imageID: this.imageID,
      containerID: this.containerID,
      restartCount: this.restartCount,
      state: this.state,
      lastState: this.lastState,
      ready: running && (this.probes?.ready ?? true),
      started: running && (this.probes?.started ?? true),
    };
  }
}
