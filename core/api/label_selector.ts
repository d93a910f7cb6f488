/**
 * Label selectors (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`).
 * STUB signatures: the api helper replaces the bodies.
 */

/** A parsed label selector. */
export interface LabelSelector {
  /** True when `labels` satisfy every requirement. */
  matches(labels: Record<string, string> | undefined): boolean;
  /** True for the empty selector (matches everything). */
  empty(): boolean;
  /** Canonical text form. */
  toString(): string;
}

/** Parses selector text; throws SelectorError naming the bad part. */
export function parseLabelSelector(text: string): LabelSelector {
  return { matches: () => true, empty: () => text.trim() === "", toString: () => text };
}

/** The selector matching exactly the given key/value pairs (`spec.selector` of an RC). */
export function selectorFromSet(set: Record<string, string> | undefined): LabelSelector {
  return parseLabelSelector(Object.entries(set ?? {}).map(([k, v]) => `${k}=${v}`).join(","));
}

/** Thrown for unparsable label or field selectors; the message names the bad text. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectorError";
  }
}
