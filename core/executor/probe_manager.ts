/**
 * Schedules the probes of one running container as kubelet does: the startup probe first (no
 * liveness or readiness until it succeeded), then liveness and readiness, each after its
 * `initialDelaySeconds` and every `periodSeconds`, turning consecutive results into state with
 * `successThreshold` / `failureThreshold`. Failures that mean "restart" are handed to the pod
 * worker; readiness is a flag the status builder reads.
 */
import type { RuntimeProbe } from "./pod_shape.ts";
import { runProbe } from "./probes/probe_runner.ts";
import type { ProbeResult, ProbeTarget } from "./probes/probe_result.ts";
import { delay } from "../util/backoff.ts";
import { logger } from "../util/log.ts";

const log = logger("probes");

/** Which probe. */
export type ProbeKind = "startup" | "liveness" | "readiness";

/** Called when a startup or liveness probe reached its failure threshold. */
export type ProbeFailureHandler = (kind: "startup" | "liveness", message: string) => void;

/** Called when a probe succeeded with a warning (kubelet's ProbeWarning event). */
export type ProbeWarningHandler = (kind: ProbeKind, warning: string) => void;

/** The probes of a container and what to tell when they change something. */
export interface ProbeManagerOptions {
  startup?: RuntimeProbe;
  liveness?: RuntimeProbe;
  readiness?: RuntimeProbe;
  target: ProbeTarget;
  /** Startup or liveness probe failed `failureThreshold` times in a row. */
  onFailure: ProbeFailureHandler;
  /** Readiness or started changed. */
  onChange: () => void;
  /** A probe succeeded with a warning. */
  onWarning?: ProbeWarningHandler;
  /** Runs one probe (default: core/executor/probes). */
  run?: (probe: RuntimeProbe, target: ProbeTarget) => Promise<ProbeResult>;
}

function seconds(v: number | undefined, fallback: number, min = 0): number {
  return typeof v === "number" && v >= min ? v : fallback;
}

/** Runs one container's probes until `stop()`. */
export class ProbeManager {
  #ready: boolean;
  #started: boolean;
  #abort = new AbortController();
  #loops: Promise<void>[] = [];
  #startedSignal: Promise<void>;
  #markStarted!: () => void;
  readonly #opts: ProbeManagerOptions;

  constructor(opts: ProbeManagerOptions) {
    this.#opts = opts;
    this.#ready = !opts.readiness;
    this.#started = !opts.startup;
    this.#startedSignal = new Promise((r) => (this.#markStarted = r));
    if (this.#started) this.#markStarted();
  }

  /** True while the container passes readiness (always true without a readiness probe). */
  get ready(): boolean {
    return this.#ready && this.#started;
  }

  /** True once the startup probe succeeded (always true without one). */
  get started(): boolean {
    return this.#started;
  }

  /** Starts the probe loops. */
  start(): void {
    const o = this.#opts;
    if (o.startup) this.#loops.push(this.#loop("startup", o.startup));
    if (o.liveness) this.#loops.push(this.#afterStart("liveness", o.liveness));
    if (o.readiness) this.#loops.push(this.#afterStart("readiness", o.readiness));
  }

  /** Stops every loop and waits until they ended. */
  async stop(): Promise<void> {
    this.#abort.abort();
    this.#markStarted();
    await Promise.all(this.#loops);
  }

  async #afterStart(kind: ProbeKind, probe: RuntimeProbe): Promise<void> {
    await this.#startedSignal;
    if (this.#abort.signal.aborted) return;
    await this.#loop(kind, probe);
  }

  async #loop(kind: ProbeKind, probe: RuntimeProbe): Promise<void> {
    const signal = this.#abort.signal;
    const period = seconds(probe.periodSeconds, 10, 1) * 1000;
    const failureThreshold = seconds(probe.failureThreshold, 3, 1);
    const successThreshold = kind === "readiness" ? seconds(probe.successThreshold, 1, 1) : 1;
    const run = this.#opts.run ?? runProbe;
    let successes = 0;
    let failures = 0;
    await delay(seconds(probe.initialDelaySeconds, 0) * 1000, signal);
    while (!signal.aborted) {
      const r = await run(probe, this.#opts.target).catch((e): ProbeResult => ({
        result: "error",
        message: e instanceof Error ? e.message : String(e),
      }));
      if (signal.aborted) break;
      const name = this.#opts.target.container.name;
      if (r.result === "success") {
        successes++;
        failures = 0;
        if (r.warning) this.#opts.onWarning?.(kind, r.warning);
      } else {
        failures++;
        successes = 0;
        log.v(2, `${kind} probe of container "${name}" failed (${failures}): ${r.message}`);
      }
      if (kind === "startup") {
        if (successes >= 1) {
          this.#started = true;
          this.#markStarted();
          this.#opts.onChange();
          return;
        }
        if (failures >= failureThreshold) {
          this.#opts.onFailure("startup", `Startup probe failed: ${r.message}`);
          failures = 0;
        }
      } else if (kind === "liveness") {
        if (failures >= failureThreshold) {
          this.#opts.onFailure("liveness", `Liveness probe failed: ${r.message}`);
          failures = 0;
        }
      } else {
        const wasReady = this.#ready;
        if (successes >= successThreshold) this.#ready = true;
        if (failures >= failureThreshold) this.#ready = false;
        if (wasReady !== this.#ready) this.#opts.onChange();
      }
      await delay(period, signal);
    }
  }
}
