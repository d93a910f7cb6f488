/** core/v1 Event. */
import type { KubeList, KubeObject } from "../object.ts";
import type { Int32, MicroTime, Time } from "./scalars.ts";
import type { ObjectReference } from "./object_reference.ts";

/** Which component reported an event, and on which host. */
export interface EventSource {
  /** The reporting component (such as kubelet or default-scheduler). */
  component?: string;
  /** The host the component runs on. */
  host?: string;
}

/** A run of repeats of the same event. */
export interface EventSeries {
  /** How many times it has happened in this run. */
  count?: Int32;
  /** When it was last seen. */
  lastObservedTime?: MicroTime;
}

/** core/v1 Event: something that happened to an object. */
export interface Event extends KubeObject {
  /** The object the event is about. */
  involvedObject: ObjectReference;
  /** A short CamelCase reason (Scheduled, Pulled, BackOff, …). */
  reason?: string;
  /** A human-readable description of what happened. */
  message?: string;
  /** The component that reported the event. */
  source?: EventSource;
  /** When the event was first seen. */
  firstTimestamp?: Time | null;
  /** When the event was last seen. */
  lastTimestamp?: Time | null;
  /** When the event first happened, with microseconds. */
  eventTime?: MicroTime | null;
  /** How many times the event has happened. */
  count?: Int32;
  /** Normal or Warning. */
  type?: "Normal" | "Warning";
  /** What was done, or failed to be done, to the object. */
  action?: string;
  /** A run of repeats this event stands for. */
  series?: EventSeries;
  /** A second object involved, when there is one. */
  related?: ObjectReference;
  /** The controller that emitted the event (such as kubernetes.io/kubelet). */
  reportingComponent?: string;
  /** The instance of that controller (such as the node name). */
  reportingInstance?: string;
}

/** core/v1 EventList. */
export type EventList = KubeList<Event>;
