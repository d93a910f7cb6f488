/**
 * core/v1 ConfigMap (`cm`): configuration as UTF-8 `data` and base64 `binaryData` (disjoint
 * keys, 1 MiB in all), frozen by `immutable: true`. Printed NAME, DATA, AGE like kube-apiserver.
 */
import type { KubeObject } from "../object.ts";
import type { ConfigMap } from "../types/config_map.ts";
import { type FieldError, fieldInvalid, fieldTooLong } from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import { isDNS1123Subdomain } from "../name_rules.ts";
import { Checker, mapKey } from "../validation/checker.ts";
import { nameRule, validateObjectMeta } from "../validation/object_meta.ts";
import {
  base64MapSize,
  MAX_CONFIG_DATA_SIZE,
  utf8Length,
  validateConfigKeys,
  validateImmutableData,
} from "../validation/config_data.ts";
import { ageColumn, declareKind } from "./kind_declaration.ts";

/** Decodes binaryData up front so bad base64 is a 400, as kube-apiserver's decoder makes it. */
function checkBinaryData(obj: KubeObject): void {
  if (isRecord(obj.binaryData)) base64MapSize(obj.binaryData);
}

function validateConfigMap(obj: KubeObject, old?: KubeObject): FieldError[] {
  const c = new Checker();
  const rec = obj as unknown as JsonRecord;
  if (old) c.add(...validateImmutableData(rec, old, ["data", "binaryData"]));
  validateObjectMeta(c, rec, true, nameRule(isDNS1123Subdomain));
  c.bool(rec, "immutable", "");
  const data = c.strMap(rec, "data", "") ?? {};
  const binary = c.strMap(rec, "binaryData", "") ?? {};
  c.add(...validateConfigKeys(data, "data"));
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    if (key in binary) {
      c.add(fieldInvalid(mapKey("data", key), key, "duplicate of key present in binaryData"));
    }
    size += utf8Length(value);
  }
  c.add(...validateConfigKeys(binary, "binaryData"));
  size += base64MapSize(binary);
  if (size > MAX_CONFIG_DATA_SIZE) c.add(fieldTooLong("", MAX_CONFIG_DATA_SIZE));
  return c.errors;
}

/** How many keys a ConfigMap holds (the DATA column). */
export function configMapKeyCount(cm: ConfigMap): number {
  return Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
}

/** ConfigMap of core/v1. */
export const CONFIG_MAP_KIND = declareKind({
  group: "",
  version: "v1",
  resource: "configmaps",
  kind: "ConfigMap",
  namespaced: true,
  shortNames: ["cm"],
  fields: ["data", "binaryData", "immutable"],
  columns: [
    {
      name: "Data",
      type: "integer",
      description: "How many keys the config map holds.",
      cell: (obj) => configMapKeyCount(obj as ConfigMap),
    },
    ageColumn("config map"),
  ],
  behaviour: { defaults: checkBinaryData, validate: validateConfigMap },
});
