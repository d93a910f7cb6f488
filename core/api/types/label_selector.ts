/** meta/v1 LabelSelector, as set selectors (affinity, spread constraints, aggregation) hold it. */

/**
 * One requirement of a label selector: a key, an operator and values.
 * @package io.k8s.apimachinery.pkg.apis.meta.v1
 */
export interface LabelSelectorRequirement {
  /** The label key the requirement applies to. */
  key: string;
  /** How the key relates to the values: In, NotIn, Exists or DoesNotExist. */
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  /** The values for In and NotIn; must be empty for Exists and DoesNotExist. */
  values?: string[];
}

/**
 * Selects objects by labels; all given conditions must hold, and an empty selector matches all.
 * @package io.k8s.apimachinery.pkg.apis.meta.v1
 */
export interface LabelSelector {
  /** Labels that must be present with exactly these values. */
  matchLabels?: Record<string, string>;
  /** Further requirements, all of which must hold. */
  matchExpressions?: LabelSelectorRequirement[];
}
