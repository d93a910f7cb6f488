/**
 * The disruption controller: keeps each PodDisruptionBudget's status, which the pods/eviction
 * subresource spends: expectedPods (the pods its selector covers), currentHealthy (those ready
 * and not terminating, less the ones evicted and not yet gone), desiredHealthy (minAvailable,
 * or expectedPods − maxUnavailable; percentages of expectedPods rounded up) and
 * disruptionsAllowed, with the DisruptionAllowed condition. Evicted pods leave disruptedPods
 * once they are gone or after two minutes, as kube's.
 */
import { selectorFromObject } from "../api/label_selector_object.ts";
import type { IntOrPercent, WorkloadCondition } from "../api/types/apps.ts";
import type { Pod } from "../api/types/pod.ts";
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from "../api/types/policy.ts";
import { type Informer, objectKey } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { type Logger, logger } from "../util/log.ts";
import { isPodActive, isPodReady } from "./pod_conditions.ts";
import { writeStatus } from "./status_writer.ts";
import { WorkQueue } from "./work_queue.ts";

const PDB_REF = { resource: "poddisruptionbudgets", groupVersion: "policy/v1" };

/** How long an evicted pod counts as disrupted while it has not gone. */
const DISRUPTION_TIMEOUT_MS = 2 * 60_000;

/** Settings of the disruption controller. */
export interface DisruptionControllerOptions {
  client: RestClient;
  budgets: Informer<PodDisruptionBudget>;
  pods: Informer<Pod>;
  log?: Logger;
}

function scaled(v: IntOrPercent, total: number): number {
  if (typeof v === "number") return v;
  return Math.ceil((Number(v.replace("%", "")) * total) / 100);
}

/** The status of `pdb` over the pods of its namespace at `now`. */
export function budgetStatus(
  pdb: PodDisruptionBudget,
  pods: Pod[],
  now = Date.now(),
): PodDisruptionBudgetStatus {
  const selector = selectorFromObject(pdb.spec?.selector ?? {});
  const covered = pods.filter((p) => selector.matches(p.metadata.labels) && isPodActive(p));
  const expected = covered.length;
  const disrupted: Record<string, string> = {};
  for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
    const pod = covered.find((p) => p.metadata.name === name);
    if (pod && now - Date.parse(at) < DISRUPTION_TIMEOUT_MS) disrupted[name] = at;
  }
  const healthy = covered.filter((p) => isPodReady(p) && !(p.metadata.name! in disrupted)).length;
  const spec = pdb.spec ?? {};
  const desired = spec.maxUnavailable !== undefined
    ? Math.max(0, expected - scaled(spec.maxUnavailable, expected))
    : scaled(spec.minAvailable ?? 0, expected);
  const allowed = Math.max(0, healthy - desired);
  const cond: WorkloadCondition = allowed > 0
    ? { type: "DisruptionAllowed", status: "True", reason: "SufficientPods", message: "" }
    : { type: "DisruptionAllowed", status: "False", reason: "InsufficientPods", message: "" };
  const prev = pdb.status?.conditions?.find((c) => c.type === cond.type);
  cond.lastTransitionTime = prev?.status === cond.status && prev.lastTransitionTime
    ? prev.lastTransitionTime
    : new Date(now).toISOString().replace(/\.\d+Z$/, "Z");
  const status: PodDisruptionBudgetStatus = {
    observedGeneration: pdb.metadata.generation ?? 1,
    disruptionsAllowed: allowed,
    currentHealthy: healthy,
    desiredHealthy: desired,
    expectedPods: expected,
    conditions: [cond],
  };
  if (Object.keys(disrupted).length > 0) status.disruptedPods = disrupted;
  return status;
}

/** Keeps the status of every PodDisruptionBudget. */
export class DisruptionController {
  readonly #opts: DisruptionControllerOptions;
  readonly #queue: WorkQueue;
  readonly #log: Logger;

  constructor(opts: DisruptionControllerOptions) {
    this.#opts = opts;
    this.#log = opts.log ?? logger("disruption-controller");
    this.#queue = new WorkQueue("disruption-controller", (k) => this.sync(k), 2, this.#log);
  }

  /** Registers the handlers and starts the workers once the informers have synced. */
  async start(): Promise<void> {
    const { budgets, pods } = this.#opts;
    await budgets.addHandlers({
      onAdd: (b) => this.#queue.add(objectKey(b)),
      onUpdate: (_o, b) => this.#queue.add(objectKey(b)),
    });
    const touched = (p: Pod) => {
      for (const b of budgets.list()) {
        if (b.metadata.namespace !== p.metadata.namespace) continue;
        if (selectorFromObject(b.spec?.selector ?? {}).matches(p.metadata.labels)) {
          this.#queue.add(objectKey(b));
        }
      }
    };
    await pods.addHandlers({ onAdd: touched, onUpdate: (_o, p) => touched(p), onDelete: touched });
    await this.#queue.startAfterSync(budgets, pods);
  }

  /** Stops the workers. */
  async stop(): Promise<void> {
    await this.#queue.stop();
  }

  /** Recomputes one budget's status ("namespace/name"). */
  async sync(key: string): Promise<void> {
    const pdb = this.#opts.budgets.get(key);
    if (!pdb || pdb.metadata.deletionTimestamp) return;
    const pods = this.#opts.pods.list().filter((p) =>
      p.metadata.namespace === pdb.metadata.namespace
    );
    const status = budgetStatus(pdb, pods);
    if (status.disruptedPods) this.#queue.addAfter(key, DISRUPTION_TIMEOUT_MS);
    // Guarded: a conflict means an eviction spent a disruption meanwhile; the sync retries.
    if (JSON.stringify(status) !== JSON.stringify(pdb.status)) {
      await writeStatus(this.#opts.client, PDB_REF, pdb, status, true);
    }
  }
}
