/**
 * Writes pod status to the apiserver (`PATCH pods/{name}/status`) as a kubelet's status manager
 * does: one write in flight per pod, newer statuses replace queued ones (coalescing), failures
 * retried with back-off, pods deleted from the API (or replaced by a pod of another uid) dropped. After a kill it also finishes a
 * graceful deletion (DELETE with grace 0 once the containers are gone).
 */
import type { PodStatus } from "../api/types/pod.ts";
import type { Pod } from "../api/types/pod.ts";
import { ApiError, isNotFound } from "../client/client_errors.ts";
import type { RestClient } from "../client/rest_client.ts";
import { Backoff, delay } from "../util/backoff.ts";
import { logger } from "../util/log.ts";

const log = logger("status");

/** Which pod a status belongs to. */
export interface PodKey {
  namespace: string;
  name: string;
  uid: string;
}

interface Pending {
  key: PodKey;
  status?: PodStatus;
  finalize?: boolean;
  running?: Promise<void>;
}

/** Coalescing pod status writer; without a client it only counts (tests of the executor alone). */
export class StatusReporter {
  readonly #client?: RestClient;
  readonly #pending = new Map<string, Pending>();
  readonly #abort = new AbortController();
  /** Status writes the apiserver accepted (for metrics and tests). */
  written = 0;
  #gate?: Promise<unknown>;

  constructor(client?: RestClient) {
    this.#client = client;
  }

  /**
   * Holds status writes of pods past Pending until `ready` resolves or `maxWaitMs` passed: a
   * kubelet registers its Node (with the kubelet port `kubectl logs` needs) before its pods show
   * Running, so a client that sees Running can read the logs at once.
   */
  holdUntil(ready: Promise<void>, maxWaitMs: number): void {
    this.#gate = Promise.race([ready, delay(maxWaitMs, this.#abort.signal).catch(() => {})]);
  }

  /** Queues `status` for the pod, replacing a queued older one. */
  report(key: PodKey, status: PodStatus): void {
    this.#entry(key).status = status;
    this.#kick(key);
  }

  /** After the pod's containers are gone: completes its graceful deletion if one is pending. */
  finalize(key: PodKey): void {
    this.#entry(key).finalize = true;
    this.#kick(key);
  }

  #id(key: PodKey): string {
    return `${key.namespace}/${key.name}/${key.uid}`;
  }

  #entry(key: PodKey): Pending {
    const id = this.#id(key);
    let p = this.#pending.get(id);
    if (!p) this.#pending.set(id, p = { key });
    return p;
  }

  #kick(key: PodKey): void {
    const p = this.#entry(key);
    if (p.running || !this.#client) return;
    p.running = this.#drain(p).finally(() => {
      p.running = undefined;
      if (p.status === undefined && !p.finalize) this.#pending.delete(this.#id(key));
      else if (!this.#abort.signal.aborted) this.#kick(key);
    });
  }

  async #drain(p: Pending): Promise<void> {
    const client = this.#client!;
    const backoff = new Backoff(500, 30_000);
    const ref = { resource: "pods", namespace: p.key.namespace, name: p.key.name };
    while (!this.#abort.signal.aborted && (p.status !== undefined || p.finalize)) {
      const status = p.status;
      p.status = undefined;
      try {
        if (status && status.phase !== "Pending" && this.#gate) await this.#gate;
        if (status) {
          // A JSON patch that first tests the uid: a recreated pod of the same name is not ours.
          // The executor owns the status of a pod it runs (as kubelet does): replace it whole.
          const ops = [
            { op: "test", path: "/metadata/uid", value: p.key.uid },
            { op: "add", path: "/status", value: status },
          ];
          await client.patch({ ...ref, subresource: "status" }, ops, "json");
          this.written++;
        } else if (p.finalize) {
          p.finalize = false;
          const pod = await client.get<Pod>(ref);
          if (pod.metadata.uid === p.key.uid && pod.metadata.deletionTimestamp) {
            await client.delete(ref, { gracePeriodSeconds: 0 });
          }
        }
        backoff.reset();
      } catch (e) {
        if (isNotFound(e) || (e instanceof ApiError && e.code === 422)) {
          p.status = undefined;
          p.finalize = false;
          return;
        }
        if (status && p.status === undefined) p.status = status;
        const wait = backoff.next();
        log.warn(
          `writing the status of pod ${p.key.namespace}/${p.key.name} failed, retrying in ` +
            `${wait} ms: ${e instanceof Error ? e.message : e}`,
        );
        await delay(wait, this.#abort.signal);
      }
    }
  }

  /** Waits until every queued write was attempted, or `timeoutMs` passed. */
  async flush(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const running = [...this.#pending.values()].map((p) => p.running).filter((r) => !!r);
      if (running.length === 0) return;
      await Promise.race([Promise.all(running), delay(Math.max(1, deadline - Date.now()))]);
    }
  }

  /** Stops retrying and waits for writes in flight. */
  async close(): Promise<void> {
    this.#abort.abort();
    await Promise.all([...this.#pending.values()].map((p) => p.running));
  }
}
