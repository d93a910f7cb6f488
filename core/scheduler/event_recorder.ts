/**
 * Posts core/v1 Events about pods and nodes (Scheduled, FailedScheduling, Killing, TaskFailed,
 * NodeNotReady), as the Kubernetes scheduler does, with `source.component` k8sm-scheduler.
 * Failures to record are logged, never thrown: events are advisory.
 */
import type { KubeObject } from "../api/object.ts";
import type { RestClient } from "../client/rest_client.ts";
import { logger } from "../util/log.ts";

const log = logger("scheduler");

/** Records events through the API. */
export class EventRecorder {
  #pending = new Set<Promise<void>>();

  constructor(readonly client: RestClient, readonly component = "k8sm-scheduler") {}

  /** Posts an event about `obj` in the background. */
  record(obj: KubeObject, type: "Normal" | "Warning", reason: string, message: string): void {
    const ns = obj.metadata.namespace || "default";
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const name = `${obj.metadata.name}.${Date.now().toString(16)}${
      Math.floor(Math.random() * 0xffff).toString(16)
    }`;
    const event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace: ns },
      involvedObject: {
        kind: obj.kind ?? "Pod",
        apiVersion: "v1",
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
      },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: this.component },
      reportingComponent: this.component,
    };
    const p = this.client.create({ resource: "events", namespace: ns }, event).then(
      () => {},
      (e) => log.v(1, `could not record event ${reason} on ${name}: ${(e as Error).message}`),
    );
    this.#pending.add(p);
    p.finally(() => this.#pending.delete(p));
  }

  /**
   * Waits for events still being posted, at most `timeoutMs` (default 5 s): on shutdown an
   * overloaded apiserver must not hold the scheduler up for advisory events, as Kubernetes'
   * event broadcaster also drops what it has not sent when it shuts down.
   */
  async flush(timeoutMs = 5_000): Promise<void> {
    const pending = this.#pending.size;
    if (pending === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), timeoutMs);
    });
    const all = Promise.allSettled([...this.#pending]).then(() => "done" as const);
    const r = await Promise.race([all, late]).finally(() => clearTimeout(timer));
    if (r === "late") {
      log.warn(
        `gave up on ${this.#pending.size} of ${pending} events still being posted after ` +
          `${timeoutMs} ms; the apiserver is slow to answer`,
      );
    }
  }
}
