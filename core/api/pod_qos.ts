/** A pod's quality-of-service class (status.qosClass), computed as Kubernetes does. */
import { isRecord, type JsonRecord } from "./json_value.ts";
import { parseQuantity } from "./quantity.ts";

/** The QoS classes. */
export type PodQOSClass = "Guaranteed" | "Burstable" | "BestEffort";

const QOS_RESOURCES = ["cpu", "memory"];

function positive(list: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!isRecord(list)) return out;
  for (const name of QOS_RESOURCES) {
    const text = list[name];
    if (typeof text !== "string" && typeof text !== "number") continue;
    try {
      const v = parseQuantity(text);
      if (v > 0) out.set(name, v);
    } catch {
      // Invalid quantities are rejected by validation; they do not count here.
    }
  }
  return out;
}

function add(sum: Map<string, number>, part: Map<string, number>): void {
  for (const [k, v] of part) sum.set(k, (sum.get(k) ?? 0) + v);
}

/**
 * Guaranteed when every container limits cpu and memory and requests equal limits; BestEffort
 * when no container requests or limits either; Burstable otherwise.
 */
export function podQOSClass(spec: unknown): PodQOSClass {
  const s: JsonRecord = isRecord(spec) ? spec : {};
  const containers = [
    ...(Array.isArray(s.initContainers) ? s.initContainers : []),
    ...(Array.isArray(s.containers) ? s.containers : []),
  ].filter(isRecord);
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const c of containers) {
    const resources = isRecord(c.resources) ? c.resources : {};
    const req = positive(resources.requests);
    const lim = positive(resources.limits);
    add(requests, req);
    add(limits, lim);
    if (QOS_RESOURCES.some((r) => !lim.has(r))) guaranteed = false;
    // Requests default to limits, so a missing request counts as equal to its limit.
    for (const [r, v] of lim) if (!req.has(r)) requests.set(r, (requests.get(r) ?? 0) + v);
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed && QOS_RESOURCES.every((r) => requests.get(r) === limits.get(r))) {
    return "Guaranteed";
  }
  return "Burstable";
}
