/**
 * core/v1 Secret: base64 `data` of one of the built-in types (default Opaque). `stringData`
 * is merged into `data` on every write and never stored; `type` is fixed once created;
 * `immutable: true` freezes the data. Printed NAME, TYPE, DATA, AGE like kube-apiserver, and
 * selectable by `type`. The apiserver may encrypt Secrets at rest (core/storage/encryption).
 */
import type { KubeObject } from "../object.ts";
import { type Secret, SECRET_TYPES } from "../types/secret.ts";
import { type FieldError, fieldInvalid, fieldTooLong } from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import { isDNS1123Subdomain } from "../name_rules.ts";
import { Checker } from "../validation/checker.ts";
import { nameRule, validateObjectMeta } from "../validation/object_meta.ts";
import {
  base64MapSize,
  encodeBase64Text,
  MAX_CONFIG_DATA_SIZE,
  validateConfigKeys,
  validateImmutableData,
} from "../validation/config_data.ts";
import { validateSecretType } from "../validation/secret_type.ts";
import { ageColumn, declareKind } from "./kind_declaration.ts";

/** `stringData` merged into `data` (it wins on a shared key) and dropped, as kube converts it. */
function mergeStringData(obj: KubeObject): void {
  const plain = obj.stringData;
  if (isRecord(plain) && Object.values(plain).every((v) => typeof v === "string")) {
    const data: Record<string, unknown> = isRecord(obj.data) ? { ...obj.data } : {};
    for (const [k, v] of Object.entries(plain)) data[k] = encodeBase64Text(v as string);
    obj.data = data;
    delete obj.stringData;
  }
}

/**
 * Type Opaque when none is given; stringData merged (for writes that bypassed the decoder);
 * `data` decoded once so bad base64 is a 400 as kube-apiserver's decoder makes it.
 */
function defaultSecret(obj: KubeObject): void {
  const s = obj as Secret;
  if (s.type === undefined || s.type === "") s.type = SECRET_TYPES.opaque;
  mergeStringData(obj);
  if (isRecord(obj.data)) base64MapSize(obj.data);
}

function validateSecret(obj: KubeObject, old?: KubeObject): FieldError[] {
  const c = new Checker();
  const rec = obj as unknown as JsonRecord;
  if (old) {
    if (old.type !== obj.type) c.add(fieldInvalid("type", obj.type, "field is immutable"));
    c.add(...validateImmutableData(rec, old, ["data"]));
  }
  validateObjectMeta(c, rec, true, nameRule(isDNS1123Subdomain));
  c.bool(rec, "immutable", "");
  c.strMap(rec, "stringData", ""); // only left when malformed
  const type = c.str(rec, "type", "") ?? "";
  const data = c.strMap(rec, "data", "") ?? {};
  c.add(...validateConfigKeys(data, "data"));
  if (base64MapSize(data) > MAX_CONFIG_DATA_SIZE) c.add(fieldTooLong("data", MAX_CONFIG_DATA_SIZE));
  c.add(...validateSecretType(type, data, obj.metadata.annotations ?? {}));
  return c.errors;
}

/** Secret of core/v1. */
export const SECRET_KIND = declareKind({
  group: "",
  version: "v1",
  resource: "secrets",
  kind: "Secret",
  namespaced: true,
  fields: ["data", "stringData", "type", "immutable"],
  selectableFields: { type: (obj) => String((obj as Secret).type ?? "") },
  columns: [
    {
      name: "Type",
      type: "string",
      description: "The type of the secret.",
      cell: (obj) => (obj as Secret).type ?? "",
    },
    {
      name: "Data",
      type: "integer",
      description: "How many keys the secret holds.",
      cell: (obj) => Object.keys((obj as Secret).data ?? {}).length,
    },
    ageColumn("secret"),
  ],
  behaviour: { convertIn: mergeStringData, defaults: defaultSecret, validate: validateSecret },
});
