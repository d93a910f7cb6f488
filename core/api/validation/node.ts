/** Validation of nodes and namespaces (the cluster-scoped kinds). */
import { fieldInvalid, fieldNotSupported, fieldRequired } from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from "../name_rules.ts";
import { parseQuantity } from "../quantity.ts";
import { type Checker, child, index, mapKey } from "./checker.ts";
import { nameRule, validateObjectMeta, validateObjectMetaUpdate } from "./object_meta.ts";

const TAINT_EFFECTS = ["NoExecute", "NoSchedule", "PreferNoSchedule"];
const NAMESPACE_PHASES = ["Active", "Terminating"];

function validateResourceList(c: Checker, obj: JsonRecord, key: string, path: string): void {
  for (const [name, text] of Object.entries(c.strMap(obj, key, path) ?? {})) {
    const p = mapKey(child(path, key), name);
    let value: number;
    try {
      value = parseQuantity(text);
    } catch (e) {
      c.add(fieldInvalid(p, text, (e as Error).message));
      continue;
    }
    if (value < 0) c.add(fieldInvalid(p, text, "must be greater than or equal to 0"));
  }
}

/** Validates a node: name, taints, capacity and allocatable quantities. */
export function validateNode(c: Checker, node: JsonRecord): void {
  validateObjectMeta(c, node, false, nameRule(isDNS1123Subdomain));
  const spec = c.rec(node, "spec", "") ?? {};
  c.bool(spec, "unschedulable", "spec");
  c.str(spec, "podCIDR", "spec");
  (c.recs(spec, "taints", "spec") ?? []).forEach((t, i) => {
    const p = index("spec.taints", i);
    const key = c.str(t, "key", p);
    if (!key) c.add(fieldRequired(child(p, "key")));
    else for (const msg of isQualifiedName(key)) c.add(fieldInvalid(child(p, "key"), key, msg));
    const value = c.str(t, "value", p);
    if (value) {
      for (const msg of isValidLabelValue(value)) {
        c.add(fieldInvalid(child(p, "value"), value, msg));
      }
    }
    const effect = c.str(t, "effect", p);
    if (!effect) c.add(fieldRequired(child(p, "effect")));
    else if (!TAINT_EFFECTS.includes(effect)) {
      c.add(fieldNotSupported(child(p, "effect"), effect, TAINT_EFFECTS));
    }
  });
  const status = c.rec(node, "status", "");
  if (status) {
    validateResourceList(c, status, "capacity", "status");
    validateResourceList(c, status, "allocatable", "status");
    c.recs(status, "conditions", "status");
    (c.recs(status, "addresses", "status") ?? []).forEach((a, i) => {
      const p = index("status.addresses", i);
      if (!c.str(a, "address", p)) c.add(fieldRequired(child(p, "address")));
      if (!c.str(a, "type", p)) c.add(fieldRequired(child(p, "type")));
    });
  }
}

/** Validates a node update. */
export function validateNodeUpdate(c: Checker, node: JsonRecord, old: JsonRecord): void {
  validateNode(c, node);
  validateObjectMetaUpdate(c, node, old);
}

/** Validates a namespace: a DNS-1123 label name, finalizers, phase. */
export function validateNamespace(c: Checker, ns: JsonRecord): void {
  validateObjectMeta(c, ns, false, nameRule(isDNS1123Label));
  const spec = c.rec(ns, "spec", "");
  if (spec) {
    (c.strs(spec, "finalizers", "spec") ?? []).forEach((f, i) => {
      for (const msg of isQualifiedName(f)) {
        c.add(fieldInvalid(index("spec.finalizers", i), f, msg));
      }
    });
  }
  const status = c.rec(ns, "status", "");
  const phase = status ? c.str(status, "phase", "status") : undefined;
  if (phase && !NAMESPACE_PHASES.includes(phase)) {
    c.add(fieldNotSupported("status.phase", phase, NAMESPACE_PHASES));
  }
}

/** Validates a namespace update. */
export function validateNamespaceUpdate(c: Checker, ns: JsonRecord, old: JsonRecord): void {
  validateNamespace(c, ns);
  validateObjectMetaUpdate(c, ns, old);
}
