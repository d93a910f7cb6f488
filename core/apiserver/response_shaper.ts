/**
 * The Accept → response-shape seam: a shaper may render a list, an object or watch events in
 * another form (the meta.k8s.io Table kubectl asks for). The handler asks each shaper in
 * order; undefined means "not mine", and the plain JSON is sent.
 */
import type { ResourceInfo } from "../api/kinds.ts";
import type { KubeObject } from "../api/object.ts";
import type { WatchObjectTransform } from "./watch_stream.ts";

/** What a shaper sees of the request. */
export interface ShapeContext {
  info: ResourceInfo;
  accept: string | null;
  query: URLSearchParams;
}

/** A pluggable response shape. */
export interface ResponseShaper {
  /** The body (JSON text) for a list, or undefined to send the plain list. */
  list?(ctx: ShapeContext, objects: () => KubeObject[], revision: number): string | undefined;
  /** The body (JSON text) for one object, or undefined to send it as is. */
  object?(ctx: ShapeContext, obj: () => KubeObject): string | undefined;
  /** A transform of watch event objects, or undefined for plain events. */
  watch?(ctx: ShapeContext): WatchObjectTransform | undefined;
}
