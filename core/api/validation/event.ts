/** Validation of core/v1 events and of the subresource bodies (Binding, Scale). */
import { fieldInvalid, fieldNotSupported, fieldRequired } from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import { isDNS1123Subdomain } from "../name_rules.ts";
import type { Checker } from "./checker.ts";
import { nameRule, validateObjectMeta } from "./object_meta.ts";
import { validateNonnegative } from "./probe.ts";

/** Validates an event: its namespace must agree with its involved object's. */
export function validateEvent(c: Checker, ev: JsonRecord): void {
  validateObjectMeta(c, ev, true, nameRule(isDNS1123Subdomain));
  const involved = c.rec(ev, "involvedObject", "") ?? {};
  const involvedNs = c.str(involved, "namespace", "involvedObject") ?? "";
  for (const key of ["kind", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"]) {
    c.str(involved, key, "involvedObject");
  }
  const ns = (ev.metadata as JsonRecord | undefined)?.namespace ?? "";
  if (involvedNs === "") {
    if (ns !== "" && ns !== "default") {
      c.add(fieldInvalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
    }
  } else if (ns !== involvedNs) {
    c.add(fieldInvalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
  }
  for (const key of ["reason", "message", "reportingComponent", "reportingInstance", "action"]) {
    c.str(ev, key, "");
  }
  const type = c.str(ev, "type", "");
  if (type && type !== "Normal" && type !== "Warning") {
    c.add(fieldNotSupported("type", type, ["Normal", "Warning"]));
  }
  validateNonnegative(c, c.int(ev, "count", ""), "count");
  c.rec(ev, "source", "");
}

/** Validates a Binding: the target must name a Node. */
export function validateBinding(c: Checker, b: JsonRecord): void {
  const target = c.rec(b, "target", "") ?? {};
  const kind = c.str(target, "kind", "target");
  if (kind && kind !== "Node") c.add(fieldNotSupported("target.kind", kind, ["Node", "<empty>"]));
  if (!c.str(target, "name", "target")) c.add(fieldRequired("target.name"));
}

/** Validates a Scale: spec.replicas ≥ 0. */
export function validateScale(c: Checker, s: JsonRecord): void {
  validateObjectMeta(c, s, true, nameRule(isDNS1123Subdomain));
  const spec = c.rec(s, "spec", "") ?? {};
  validateNonnegative(c, c.int(spec, "replicas", "spec"), "spec.replicas");
}
