import type { KubeObject } from "./object.ts";

/**
 * Field selectors (`metadata.name=x`, `spec.nodeName!=`, `status.phase!=Failed`,
 * `involvedObject.uid=…`), with the fields each kind supports.
 * STUB signatures: the api helper replaces the bodies.
 */

/** A parsed field selector. */
export interface FieldSelector {
  matches(fields: Record<string, string>): boolean;
  empty(): boolean;
  /** The field names it uses (to check they are supported). */
  fieldNames(): string[];
  toString(): string;
}

/** Parses field selector text; throws SelectorError naming the bad part. */
export function parseFieldSelector(text: string): FieldSelector {
  return {
    matches: () => true,
    empty: () => text.trim() === "",
    fieldNames: () => [],
    toString: () => text,
  };
}

/** The selectable fields of an object, by its kind (always metadata.name/namespace). */
export function objectFields(obj: KubeObject): Record<string, string> {
  return {
    "metadata.name": obj.metadata.name ?? "",
    "metadata.namespace": obj.metadata.namespace ?? "",
  };
}
