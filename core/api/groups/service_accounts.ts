/**
 * core/v1 ServiceAccount (`sa`): an identity for processes in pods. The apiserver keeps a
 * `default` one in every namespace (see RegistrySet). Printed NAME, SECRETS, AGE.
 */
import type { KubeObject } from "../object.ts";
import type { ServiceAccount } from "../types/service_account.ts";
import type { FieldError } from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import { isDNS1123Subdomain } from "../name_rules.ts";
import { Checker, index } from "../validation/checker.ts";
import { nameRule, validateObjectMeta } from "../validation/object_meta.ts";
import { ageSince } from "../../apiserver/tables/human_duration.ts";
import { declareKind } from "./kind_declaration.ts";

/** The name of the ServiceAccount every namespace has. */
export const DEFAULT_SERVICE_ACCOUNT = "default";

function validateServiceAccount(obj: KubeObject): FieldError[] {
  const c = new Checker();
  const rec = obj as unknown as JsonRecord;
  validateObjectMeta(c, rec, true, nameRule(isDNS1123Subdomain));
  c.bool(rec, "automountServiceAccountToken", "");
  for (const [i, ref] of (c.recs(rec, "imagePullSecrets", "") ?? []).entries()) {
    c.str(ref, "name", index("imagePullSecrets", i));
  }
  c.recs(rec, "secrets", "");
  return c.errors;
}

/** ServiceAccount of core/v1. */
export const SERVICE_ACCOUNT_KIND = declareKind({
  group: "",
  version: "v1",
  resource: "serviceaccounts",
  kind: "ServiceAccount",
  namespaced: true,
  shortNames: ["sa"],
  subresources: {
    token: { kind: "TokenRequest", verbs: ["create"], apiVersion: "authentication.k8s.io/v1" },
  },
  fields: ["secrets", "imagePullSecrets", "automountServiceAccountToken"],
  columns: [
    {
      name: "Secrets",
      type: "integer",
      description: "How many secrets the service account lists.",
      cell: (obj) => (obj as ServiceAccount).secrets?.length ?? 0,
    },
    {
      name: "Age",
      type: "string",
      description: "How long ago the service account was created.",
      cell: (obj, now) => ageSince(obj.metadata.creationTimestamp, now),
    },
  ],
  behaviour: { validate: validateServiceAccount },
});
