/**
 * discovery.k8s.io/v1 EndpointSlice: a Service's backends by port set, written by the
 * endpoints controller next to the Endpoints object. Printed NAME, ADDRESSTYPE, PORTS,
 * ENDPOINTS, AGE like kube-apiserver.
 */
import { fieldNotSupported, fieldRequired } from "../field_error.ts";
import type { KubeObject } from "../object.ts";
import type { FieldError } from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import type { EndpointSlice } from "../types/endpoint_slice.ts";
import { isDNS1123Subdomain } from "../name_rules.ts";
import { Checker } from "../validation/checker.ts";
import { nameRule, validateObjectMeta } from "../validation/object_meta.ts";
import { declareKind } from "./kind_declaration.ts";
import { ageColumn } from "./workload_common.ts";

function validateSlice(obj: KubeObject): FieldError[] {
  const c = new Checker();
  const rec = obj as unknown as JsonRecord;
  validateObjectMeta(c, rec, true, nameRule(isDNS1123Subdomain));
  const type = c.str(rec, "addressType", "");
  if (type === undefined) c.add(fieldRequired("addressType"));
  else if (!["IPv4", "IPv6", "FQDN"].includes(type)) {
    c.add(fieldNotSupported("addressType", type, ["FQDN", "IPv4", "IPv6"]));
  }
  c.recs(rec, "endpoints", "");
  c.recs(rec, "ports", "");
  return c.errors;
}

function limited(items: string[]): string {
  if (items.length === 0) return "<unset>";
  return items.length > 3
    ? `${items.slice(0, 3).join(",")} + ${items.length - 3} more...`
    : items.join(",");
}

/** EndpointSlice of discovery.k8s.io/v1. */
export const ENDPOINT_SLICE_KIND = declareKind({
  group: "discovery.k8s.io",
  version: "v1",
  resource: "endpointslices",
  kind: "EndpointSlice",
  namespaced: true,
  fields: ["addressType", "endpoints", "ports"],
  columns: [
    {
      name: "AddressType",
      type: "string",
      description: "The type of the addresses.",
      cell: (obj) => (obj as EndpointSlice).addressType ?? "",
    },
    {
      name: "Ports",
      type: "string",
      description: "The ports of the endpoints.",
      cell: (obj) => limited(((obj as EndpointSlice).ports ?? []).map((p) => String(p.port))),
    },
    {
      name: "Endpoints",
      type: "string",
      description: "The addresses of the endpoints.",
      cell: (obj) => limited(((obj as EndpointSlice).endpoints ?? []).flatMap((e) => e.addresses)),
    },
    ageColumn("endpoint slice"),
  ],
  behaviour: { validate: validateSlice },
});
