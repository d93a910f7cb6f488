/** Event rows as kubectl prints them (Last Seen, Type, Reason, Object, Message; more when wide). */

import type { KubeObject } from "../../api/object.ts";
import type { Event } from "../../api/types/event.ts";
import { ageSince } from "./human_duration.ts";
import { column, type ResourcePrinter } from "./table_types.ts";

function eventSource(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || "";
  const host = ev.source?.host || ev.reportingInstance || "";
  if (!component && !host) return "<none>";
  return host ? `${component}, ${host}` : component;
}

/** The events printer. */
export const eventPrinter: ResourcePrinter = {
  columns: [
    column("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
    column("Type", "Type of this event (Normal, Warning), new types could be added in the future."),
    column(
      "Reason",
      "This should be a short, machine understandable string that gives the reason for this event being generated.",
    ),
    column("Object", "The object that this event is about."),
    column("Subobject", "The subobject that this event is about.", 1),
    column("Source", "The component reporting this event.", 1),
    column("Message", "A human-readable description of the status of this operation."),
    column("First Seen", "The time at which the event was first recorded.", 1),
    column("Count", "The number of times this event has occurred.", 1, "integer"),
    column("Name", "Name must be unique within a namespace.", 1, "string", "name"),
  ],
  row(obj: KubeObject, now: number) {
    const ev = obj as Event & { series?: { count?: number; lastObservedTime?: string } };
    const first = ev.firstTimestamp
      ? ageSince(ev.firstTimestamp, now)
      : ageSince(ev.eventTime, now);
    let last = ev.lastTimestamp ? ageSince(ev.lastTimestamp, now) : first;
    let count = ev.count ?? 0;
    if (ev.series) {
      last = ageSince(ev.series.lastObservedTime, now);
      count = ev.series.count ?? count;
    } else if (count === 0) count = 1;
    const kind = (ev.involvedObject?.kind ?? "").toLowerCase();
    const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
    return {
      cells: [
        last,
        ev.type ?? "",
        ev.reason ?? "",
        target,
        ev.involvedObject?.fieldPath ?? "",
        eventSource(ev),
        (ev.message ?? "").trim(),
        first,
        count,
        ev.metadata.name ?? "",
      ],
    };
  },
};
