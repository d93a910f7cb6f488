/** Validation of container resource requests and limits. */
import { fieldInvalid } from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import { isQualifiedName } from "../name_rules.ts";
import { parseQuantity, QUANTITY_REGEX_TEXT } from "../quantity.ts";
import { type Checker, child, mapKey } from "./checker.ts";

function quantities(
  c: Checker,
  list: Record<string, string> | undefined,
  path: string,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, text] of Object.entries(list ?? {})) {
    const itemPath = mapKey(path, name);
    for (const msg of isQualifiedName(name)) c.add(fieldInvalid(itemPath, name, msg));
    let value: number;
    try {
      value = parseQuantity(text);
    } catch {
      c.add(
        fieldInvalid(
          itemPath,
          text,
          `quantities must match the regular expression '${QUANTITY_REGEX_TEXT}'`,
        ),
      );
      continue;
    }
    if (value < 0) c.add(fieldInvalid(itemPath, text, "must be greater than or equal to 0"));
    out.set(name, value);
  }
  return out;
}

/** Validates `resources`: names, quantities ≥ 0, and every request ≤ its limit. */
export function validateResources(c: Checker, resources: JsonRecord, path: string): void {
  const limits = quantities(
    c,
    c.strMap(resources, "limits", path),
    child(path, "limits"),
  );
  const requestTexts = c.strMap(resources, "requests", path) ?? {};
  const requests = quantities(c, requestTexts, child(path, "requests"));
  const limitTexts = (resources.limits ?? {}) as Record<string, string>;
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (limit !== undefined && request > limit) {
      c.add(
        fieldInvalid(
          child(path, "requests"),
          requestTexts[name],
          `must be less than or equal to ${name} limit of ${limitTexts[name]}`,
        ),
      );
    }
  }
}
