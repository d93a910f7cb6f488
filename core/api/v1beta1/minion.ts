/**
 * The seed's v1beta1 Minion (`id`, `hostIP`, `resources.capacity {cpu, memory}`,
 * `status.conditions [{kind, status: Full|None|Unknown}]`) ⇄ v1 Node.
 * v1beta1 capacity cpu is in millicores and memory in bytes, as plain numbers.
 */
import type { KubeObject } from "../object.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import { formatQuantity, parseQuantity } from "../quantity.ts";
import { metaFromV1beta1, metaToV1beta1, rec } from "./meta.ts";

const STATUS_TO_V1: Record<string, string> = { Full: "True", None: "False", Unknown: "Unknown" };
const STATUS_TO_V1BETA1: Record<string, string> = {
  True: "Full",
  False: "None",
  Unknown: "Unknown",
};

function capacityFromV1beta1(capacity: JsonRecord): JsonRecord {
  const out: JsonRecord = {};
  for (const [name, value] of Object.entries(capacity)) {
    if (name === "cpu" && typeof value === "number") out.cpu = formatQuantity(value / 1000);
    else if (typeof value === "number") out[name] = formatQuantity(value, "BinarySI");
    else out[name] = value;
  }
  return out;
}

function capacityToV1beta1(capacity: JsonRecord): JsonRecord {
  const out: JsonRecord = {};
  for (const [name, value] of Object.entries(capacity)) {
    try {
      const n = parseQuantity(String(value));
      out[name] = name === "cpu" ? Math.round(n * 1000) : n;
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** A v1 Node from a v1beta1 minion body (cluster-scoped: no namespace). */
export function nodeFromV1beta1(body: JsonRecord): KubeObject {
  const metadata = metaFromV1beta1(body);
  delete metadata.namespace;
  const status: JsonRecord = {};
  const capacity = rec(rec(body, "resources"), "capacity");
  if (Object.keys(capacity).length) status.capacity = capacityFromV1beta1(capacity);
  const hostIP = typeof body.hostIP === "string" && body.hostIP
    ? body.hostIP
    : rec(body, "status").hostIP;
  if (typeof hostIP === "string" && hostIP) {
    status.addresses = [{ type: "InternalIP", address: hostIP }];
  }
  const conditions = rec(body, "status").conditions;
  if (Array.isArray(conditions)) {
    status.conditions = conditions.filter(isRecord).map((c) => {
      const out: JsonRecord = {
        type: c.kind ?? c.type,
        status: STATUS_TO_V1[String(c.status)] ?? c.status,
      };
      for (const k of ["reason", "message", "lastProbeTime", "lastTransitionTime"]) {
        if (c[k] !== undefined) out[k === "lastProbeTime" ? "lastHeartbeatTime" : k] = c[k];
      }
      return out;
    });
  }
  const node: KubeObject = { kind: "Node", apiVersion: "v1", metadata, spec: {} };
  if (body.unschedulable === true) node.spec = { unschedulable: true };
  if (Object.keys(status).length) node.status = status;
  return node;
}

/** The seed's v1beta1 view of a v1 Node. */
export function nodeToV1beta1(node: KubeObject): JsonRecord {
  const out = metaToV1beta1("Minion", node.metadata);
  delete out.namespace;
  const status = isRecord(node.status) ? node.status : {};
  const addresses = Array.isArray(status.addresses) ? status.addresses.filter(isRecord) : [];
  const ip = addresses.find((a) => a.type === "InternalIP") ?? addresses[0];
  if (ip && typeof ip.address === "string") out.hostIP = ip.address;
  out.resources = { capacity: capacityToV1beta1(rec(status, "capacity")) };
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
  const v1beta1Status: JsonRecord = {
    conditions: conditions.map((c) => {
      const o: JsonRecord = {
        kind: c.type,
        status: STATUS_TO_V1BETA1[String(c.status)] ?? c.status,
      };
      if (c.lastHeartbeatTime !== undefined) o.lastProbeTime = c.lastHeartbeatTime;
      if (c.lastTransitionTime !== undefined) o.lastTransitionTime = c.lastTransitionTime;
      if (c.reason !== undefined) o.reason = c.reason;
      if (c.message !== undefined) o.message = c.message;
      return o;
    }),
  };
  if (out.hostIP) v1beta1Status.hostIP = out.hostIP;
  out.status = v1beta1Status;
  if (isRecord(node.spec) && node.spec.unschedulable === true) out.unschedulable = true;
  return out;
}
