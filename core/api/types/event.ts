/** core/v1 Event. */
import type { KubeList, KubeObject } from "../object.ts";
import type { ObjectReference } from "./object_reference.ts";

/** Which component reported an event, and on which host. */
export interface EventSource {
  component?: string;
  host?: string;
}

/** core/v1 Event: something that happened to an object. */
export interface Event extends KubeObject {
  involvedObject: ObjectReference;
  reason?: string;
  message?: string;
  source?: EventSource;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  count?: number;
  type?: "Normal" | "Warning";
  action?: string;
  reportingComponent?: string;
  reportingInstance?: string;
}

/** core/v1 EventList. */
export type EventList = KubeList<Event>;
