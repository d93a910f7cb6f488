/** The `-o wide` columns every apps/v1 workload prints: CONTAINERS, IMAGES, SELECTOR. */
import type { KubeObject } from "../object.ts";
import type { PodTemplateSpec } from "../types/pod.ts";
import { type LabelSelectorObject, selectorObjectText } from "../label_selector_object.ts";
import type { PrinterColumnSpec } from "./kind_declaration.ts";

function template(obj: KubeObject): PodTemplateSpec | undefined {
  return (obj.spec as { template?: PodTemplateSpec } | undefined)?.template;
}

/** Containers, Images and Selector, shown with `-o wide`. */
export const WIDE_WORKLOAD_COLUMNS: PrinterColumnSpec[] = [
  {
    name: "Containers",
    type: "string",
    priority: 1,
    description: "Names of each container in the template.",
    cell: (obj) => (template(obj)?.spec?.containers ?? []).map((c) => c.name).join(","),
  },
  {
    name: "Images",
    type: "string",
    priority: 1,
    description: "Images referenced by each container in the template.",
    cell: (obj) => (template(obj)?.spec?.containers ?? []).map((c) => c.image).join(","),
  },
  {
    name: "Selector",
    type: "string",
    priority: 1,
    description: "The label selector of the pods.",
    cell: (obj) =>
      selectorObjectText((obj.spec as { selector?: LabelSelectorObject } | undefined)?.selector),
  },
];

/** A number from the object's spec or status, 0 when absent. */
export function count(obj: KubeObject, part: "spec" | "status", key: string): number {
  const rec = obj[part] as Record<string, unknown> | undefined;
  const v = rec?.[key];
  return typeof v === "number" ? v : 0;
}

/** An integer column counting `key` of the object's spec or status. */
export function countColumn(
  name: string,
  part: "spec" | "status",
  key: string,
  description: string,
): PrinterColumnSpec {
  return { name, type: "integer", description, cell: (obj) => count(obj, part, key) };
}
