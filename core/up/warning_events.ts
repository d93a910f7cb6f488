/**
 * Warning events for the `k8sm up` log: watches Events in every namespace and reports each
 * distinct Warning (reason and message) once — an image that cannot be pulled, a container
 * that cannot start, a pod that fits no agent — so a user watching `up` sees why pods are stuck
 * without running `describe`. Events older than the watch are skipped (a restart over the same
 * data dir does not replay yesterday's).
 */
import type { KubeObject } from "../api/object.ts";
import { Informer } from "../client/informer.ts";
import { RestClient, type RestConfig } from "../client/rest_client.ts";
import { logger } from "../util/log.ts";

/** One Warning event as the `up` log shows it. */
export interface WarningLine {
  /** `pod default/web-1` */
  object: string;
  reason: string;
  message: string;
}

/** A running watch; `stop()` ends it. */
export interface WarningWatch {
  stop(): Promise<void>;
}

/** The `up` log line of an event, or undefined when it is not a new Warning. */
export function warningLine(event: KubeObject, since: number): WarningLine | undefined {
  if (event.type !== "Warning") return undefined;
  // "Error: ErrImagePull" only repeats the reason of the event before it.
  if (/^Error: [A-Za-z]+$/.test(String(event.message ?? ""))) return undefined;
  const when = Date.parse(
    String(event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp ?? ""),
  );
  // Event times have second precision: allow the second the watch started in.
  if (Number.isFinite(when) && when < since - 1000) return undefined;
  const o = (event.involvedObject ?? {}) as Record<string, unknown>;
  const kind = String(o.kind ?? "object").toLowerCase();
  const name = o.namespace ? `${o.namespace}/${o.name}` : String(o.name ?? "");
  return {
    object: `${kind} ${name}`,
    reason: String(event.reason ?? ""),
    message: String(event.message ?? ""),
  };
}

/** Watches `apiUrl`'s events and calls `report` once per distinct new Warning. */
export function watchWarningEvents(
  api: RestConfig,
  report: (w: WarningLine) => void,
): WarningWatch {
  const since = Date.now();
  const seen = new Set<string>();
  const client = new RestClient(api);
  const informer = new Informer(client, {
    ref: { resource: "events" },
    log: logger("up-events"),
  });
  const consider = (e: KubeObject) => {
    const w = warningLine(e, since);
    if (!w) return;
    // Replicas failing alike (the same image) are said once, under the first pod.
    const key = `${w.reason}\n${w.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    report(w);
  };
  informer.addHandlers({ onAdd: consider, onUpdate: (_old, e) => consider(e) });
  informer.start();
  return {
    async stop() {
      await informer.stop();
      client.close();
    },
  };
}
