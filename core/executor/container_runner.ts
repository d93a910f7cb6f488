/**
 * Keeps one container of a pod as its restart policy says (the per-container half of the pod
 * worker): inspects the running attempt, stops it when a probe asked for a restart, decides
 * whether a finished attempt restarts (Always / OnFailure / Never) and when (crash-loop
 * back-off, image-pull back-off), and starts the next attempt with its environment resolved and
 * its probes running.
 */
import type { Container, Pod } from "../api/types/pod.ts";
import { logger } from "../util/log.ts";
import { pruneAttempts } from "./container_adoption.ts";
import { resolveContainer } from "./container_env.ts";
import type { ContainerSlot } from "./container_slot.ts";
import type { CrashLoopBackoff } from "./crash_loop_backoff.ts";
import { ProbeManager } from "./probe_manager.ts";
import { hookFailureMessage, runLifecycleHook } from "./lifecycle_hooks.ts";
import type { RuntimeContainer } from "./pod_shape.ts";
import type { PodVolumes } from "./volumes/pod_volumes.ts";
import { pullCredential } from "./image_pull_secrets.ts";
import type { PodObjectSource } from "./volumes/pod_object_source.ts";
import { probeTargetFor } from "./probes/probe_runner.ts";
import {
  containerIdOf,
  type ContainerRef,
  type PullPolicy,
  pullPolicyOf,
  type Runtime,
  RuntimeError,
  type SandboxInfo,
  type StartContext,
} from "./runtime.ts";

const log = logger("pod-worker");

/** What a runner needs from its pod worker. */
export interface RunnerContext {
  pod: Pod;
  uid: string;
  /** `namespace/name`, for messages. */
  name: string;
  runtime: Runtime;
  ctx: StartContext;
  backoff: CrashLoopBackoff;
  sandbox: () => SandboxInfo;
  /** Seconds a probe-triggered stop may take. */
  grace: () => number;
  serviceEnv?: (namespace: string) => Promise<Record<string, string>>;
  /** The pod's volumes (host mounts of each container's volumeMounts). */
  volumes?: PodVolumes;
  /** ConfigMaps and Secrets for env `valueFrom` / `envFrom`. */
  objects?: PodObjectSource;
  event: (type: "Normal" | "Warning", reason: string, message: string) => void;
  /** Readiness or startup changed. */
  changed: () => void;
  /** A probe asked for a restart: sync soon. */
  wake: () => void;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The kubelet's events for a failed start: a pull failure is `Failed` with the puller's
 * sentence (`Failed to pull image "x": …`) then `Error: ErrImagePull`; anything else is one
 * `Failed` event `Error: <message>` (CreateContainerError, RunContainerError…).
 */
export function failureEvents(
  reason: string,
  message: string,
): ["Warning", string, string][] {
  if (reason === "ErrImagePull" || reason === "ErrImageNeverPull") {
    return [["Warning", "Failed", message], ["Warning", "Failed", `Error: ${reason}`]];
  }
  return [["Warning", "Failed", `Error: ${reason}: ${message}`]];
}

/** Syncs and starts the containers of one pod. */
export class ContainerRunner {
  /** Something the pod status should say although the containers run (process runtime mounts). */
  notice?: { reason: string; message: string };

  constructor(readonly c: RunnerContext) {}

  /** Starts the probes of a running slot (none when the spec has none). */
  startProbes(slot: ContainerSlot): void {
    const { livenessProbe, readinessProbe, startupProbe } = slot.spec;
    if (!livenessProbe && !readinessProbe && !startupProbe) return;
    const c = this.c;
    slot.probes = new ProbeManager({
      liveness: livenessProbe,
      readiness: readinessProbe,
      startup: startupProbe,
      target: probeTargetFor(c.runtime, c.sandbox(), slot.spec, slot.ref!, c.ctx),
      onChange: () => c.changed(),
      onWarning: (kind, warning) =>
        c.event(
          "Warning",
          "ProbeWarning",
          `${kind[0].toUpperCase()}${kind.slice(1)} probe warning: ${warning}`,
        ),
      onFailure: (kind, message) => {
        c.event("Warning", "Unhealthy", message);
        c.event(
          "Normal",
          "Killing",
          `Container ${slot.name} failed ${kind} probe, will be restarted`,
        );
        log.info(`pod ${c.name}: container "${slot.name}" failed its ${kind} probe: ${message}`);
        slot.restartRequested = message;
        c.wake();
      },
    });
    slot.probes.start();
  }

  /** Stops a slot's probes and waits for them. */
  async stopProbes(slot: ContainerSlot): Promise<void> {
    const p = slot.probes;
    slot.probes = undefined;
    await p?.stop();
  }

  /** One sync of `slot` under `policy`; returns ms until it wants to run again. */
  async sync(slot: ContainerSlot, policy: string): Promise<number> {
    const { runtime: rt, backoff } = this.c;
    if (slot.running && slot.ref) {
      if (slot.restartRequested) {
        await this.stopProbes(slot);
        await rt.stopContainer(slot.ref, this.c.grace());
        slot.killedByProbe = true;
      }
      const inspect = await rt.inspectContainer(slot.ref);
      if (inspect.state === "running" || inspect.state === "created") {
        if (inspect.imageId) slot.imageID = inspect.imageId;
        return Number.POSITIVE_INFINITY;
      }
      await this.stopProbes(slot);
      slot.markTerminated(inspect);
      if (slot.killedByProbe && slot.restartRequested) {
        slot.state.terminated!.message = slot.restartRequested;
      }
    }
    if (slot.done) return Number.POSITIVE_INFINITY;
    if (slot.specChanged) {
      slot.specChanged = false;
      backoff.reset(slot.name);
      backoff.reset(`start/${slot.name}`);
      if (slot.finishedAt !== undefined || slot.lastTryAt !== undefined) {
        backoff.restarted(slot.name);
        return await this.start(slot);
      }
    }
    if (slot.finishedAt !== undefined) {
      const code = slot.lastExitCode ?? 0;
      const restart = policy === "Always" ||
        (policy === "OnFailure" && (code !== 0 || slot.killedByProbe));
      if (!restart) {
        slot.done = true;
        return Number.POSITIVE_INFINITY;
      }
      const left = backoff.remainingMs(slot.name, slot.finishedAt);
      if (left > 0) {
        if (slot.state.waiting?.reason !== "CrashLoopBackOff") {
          this.c.event(
            "Warning",
            "BackOff",
            `Back-off restarting failed container ${slot.name} in pod ${this.c.name}`,
          );
        }
        const d = Math.round(backoff.delayMs(slot.name) / 1000);
        const pod = this.c.pod.metadata;
        slot.markWaiting(
          "CrashLoopBackOff",
          `back-off ${d}s restarting failed container=${slot.name} pod=${pod.name}_` +
            `${pod.namespace ?? "default"}(${this.c.uid})`,
        );
        return left;
      }
      backoff.restarted(slot.name);
    } else if (slot.ref === undefined && slot.lastTryAt !== undefined) {
      // An earlier start failed: retry after the back-off.
      const left = backoff.remainingMs(`start/${slot.name}`, slot.lastTryAt);
      if (left > 0 && slot.state.waiting?.reason === "ErrImagePull") {
        const why = slot.state.waiting.message ?? "";
        slot.markWaiting(
          "ImagePullBackOff",
          `Back-off pulling image "${slot.spec.image}": ErrImagePull: ${why}`,
        );
        this.c.event("Normal", "BackOff", `Back-off pulling image "${slot.spec.image}"`);
        this.c.event("Warning", "Failed", "Error: ImagePullBackOff");
      }
      if (left > 0) return left;
    }
    return await this.start(slot);
  }

  /**
   * Makes the image present with the kubelet's events: `Pulling` and `Pulled` ("Successfully
   * pulled image … in 1.2s") when the runtime pulls, `Pulled` ("already present on machine")
   * when it does not. A failed pull throws; `start` turns it into the `Failed` events.
   */
  async #pull(image: string, policy: PullPolicy): Promise<void> {
    const t0 = Date.now();
    let pulling = false;
    const auth = await pullCredential(this.c.pod, image, this.c.objects);
    await this.c.runtime.pullImage(image, policy, () => {
      if (pulling) return;
      pulling = true;
      this.c.event("Normal", "Pulling", `Pulling image "${image}"`);
    }, auth);
    const took = `${((Date.now() - t0) / 1000).toFixed(3)}s`;
    this.c.event(
      "Normal",
      "Pulled",
      pulling
        ? `Successfully pulled image "${image}" in ${took}`
        : `Container image "${image}" already present on machine`,
    );
  }

  /**
   * Runs the container's postStart hook; when it fails the container is killed (the next sync
   * restarts it per the restart policy) with a FailedPostStartHook event, as kubelet does.
   */
  async #postStart(
    slot: ContainerSlot,
    spec: RuntimeContainer,
    ref: ContainerRef,
  ): Promise<boolean> {
    const hook = spec.lifecycle?.postStart;
    if (!hook) return true;
    const { runtime: rt, ctx } = this.c;
    const target = probeTargetFor(rt, this.c.sandbox(), spec, ref, ctx);
    const r = await runLifecycleHook(hook, target, this.c.grace());
    if (r.result === "success") return true;
    const message = hookFailureMessage("PostStart", slot.name, r);
    this.c.event("Warning", "FailedPostStartHook", message);
    log.info(`pod ${this.c.name}: ${message}; killing the container`);
    await rt.stopContainer(ref, this.c.grace());
    return false;
  }

  /** Starts the next attempt of `slot`. */
  async start(slot: ContainerSlot): Promise<number> {
    const { runtime: rt, pod, backoff } = this.c;
    const attempt = slot.ref ? slot.restartCount + 1 : slot.restartCount;
    const previous = slot.ref;
    try {
      // Host processes use no image: no pull and no Pulled event under the process runtime.
      if (slot.spec.image && rt.name !== "process") {
        await this.#pull(slot.spec.image, pullPolicyOf(slot.spec));
      }
      const services = await this.c.serviceEnv?.(pod.metadata.namespace ?? "default");
      const own = [...pod.spec?.initContainers ?? [], ...pod.spec?.containers ?? []]
        .find((x: Container) => x.name === slot.name);
      const spec = own
        ? await resolveContainer(pod, own, this.c.sandbox(), services ?? {}, this.c.objects)
        : slot.spec;
      const mounts = own && this.c.volumes
        ? await this.c.volumes.mountsFor(own).catch((e) => {
          throw new RuntimeError("CreateContainerConfigError", errorText(e));
        })
        : undefined;
      const ref = await rt.startContainer(pod, spec, { ...this.c.ctx, attempt, mounts });
      slot.killedByProbe = false;
      slot.lastTryAt = undefined;
      if (ref.warning) {
        this.notice = { reason: "VolumeMountsNotHonoured", message: ref.warning };
        this.c.event("Warning", "VolumeMountsNotHonoured", ref.warning);
      }
      this.c.event("Normal", "Created", `Created container: ${slot.name}`);
      this.c.event("Normal", "Started", `Started container ${slot.name}`);
      // As kubelet: the container is reported running once its postStart hook completed.
      const hooked = await this.#postStart(slot, spec, ref);
      slot.markRunning(ref, containerIdOf(rt, ref));
      // Keep the previous attempt for `logs --previous`, remove the ones before it.
      if (previous) await pruneAttempts(rt, this.c.uid, slot.name, previous.attempt);
      if (!hooked) return 0;
      this.startProbes(slot);
      return Number.POSITIVE_INFINITY;
    } catch (e) {
      const reason = e instanceof RuntimeError ? e.reason : "RunContainerError";
      const message = errorText(e);
      if (slot.lastFailure !== `${reason}: ${message}`) {
        log.warn(`pod ${this.c.name}: cannot start container "${slot.name}": ${message}`);
      }
      slot.lastFailure = `${reason}: ${message}`;
      slot.markWaiting(reason, message);
      for (const [type, why, text] of failureEvents(reason, message)) this.c.event(type, why, text);
      slot.lastTryAt = Date.now();
      backoff.restarted(`start/${slot.name}`);
      return backoff.remainingMs(`start/${slot.name}`, slot.lastTryAt);
    }
  }
}
