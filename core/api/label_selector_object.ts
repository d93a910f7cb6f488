/**
 * The metav1.LabelSelector object of apps/v1 and batch/v1 kinds (`matchLabels` and
 * `matchExpressions` with In, NotIn, Exists, DoesNotExist) as a LabelSelector, and as the
 * text form kubectl and the Scale subresource use.
 */
import { type LabelOperator, type LabelSelector, RequirementsSelector } from "./label_selector.ts";
import type { LabelSelector as MetaLabelSelector } from "./types/label_selector.ts";

/** A metav1.LabelSelector (declared, with its schema, in types/label_selector.ts). */
export type LabelSelectorObject = MetaLabelSelector;

const OPERATORS: Record<string, LabelOperator> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * The selector an object describes; an absent object matches nothing, an empty one
 * everything (as Kubernetes' LabelSelectorAsSelector). Unknown operators match nothing.
 */
export function selectorFromObject(sel: LabelSelectorObject | undefined): LabelSelector {
  if (sel === undefined || sel === null) return NOTHING;
  const reqs = Object.entries(sel.matchLabels ?? {}).map(([key, value]) => ({
    key,
    operator: "=" as LabelOperator,
    values: [value],
  }));
  for (const e of sel.matchExpressions ?? []) {
    const operator = OPERATORS[e.operator];
    if (operator === undefined) return NOTHING;
    reqs.push({ key: e.key, operator, values: [...(e.values ?? [])] });
  }
  return new RequirementsSelector(reqs);
}

/** The text form of a selector object ("app=web,tier in (a,b)"). */
export function selectorObjectText(sel: LabelSelectorObject | undefined): string {
  return selectorFromObject(sel).toString();
}

const NOTHING: LabelSelector = {
  matches: () => false,
  empty: () => false,
  toString: () => "",
};
