/**
 * NodeRestriction admission (kube-apiserver's plugin, as a pure function): an executor's node
 * identity (`system:node:NAME` in `system:nodes`) may write only its own Node and node Lease,
 * and only the pods bound to it (their status, their deletion, mirror pods). k8sm adds: a node
 * may not change its Node's `status.addresses` nor its `k8s.mesosphere.io/` labels — the
 * scheduler owns both, so an executor cannot point the apiserver (pods/log) at arbitrary hosts.
 */
import type { KubeObject } from "../api/object.ts";
import type { AuthorizationAttributes } from "./rbac_rules.ts";
import { nodeNameOf, NODES_GROUP, type UserInfo } from "./user_info.ts";

/** The namespace of node Leases. */
export const NODE_LEASE_NAMESPACE = "kube-node-lease";
/** The annotation marking a mirror pod (the only pods a node may create). */
export const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";
/** Label prefix a node may never set or change (written by the scheduler from Mesos). */
export const MESOS_LABEL_PREFIX = "k8s.mesosphere.io/";

/** kubernetes.io / k8s.io labels a node may set on itself (kube-apiserver's allowed list). */
const ALLOWED_KUBE_LABELS = new Set([
  "kubernetes.io/hostname",
  "kubernetes.io/arch",
  "kubernetes.io/os",
  "beta.kubernetes.io/arch",
  "beta.kubernetes.io/os",
  "beta.kubernetes.io/instance-type",
  "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
  "node.kubernetes.io/instance-type",
]);
const ALLOWED_KUBE_PREFIXES = ["kubelet.kubernetes.io/", "node.kubernetes.io/"];

/** True when a node identity may not set or change label `key`. */
export function isForbiddenNodeLabel(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0) return false;
  if (key.startsWith(MESOS_LABEL_PREFIX)) return true;
  const ns = key.slice(0, slash);
  if (ns === "node-restriction.kubernetes.io" || ns.endsWith(".node-restriction.kubernetes.io")) {
    return true;
  }
  const kube = ns === "kubernetes.io" || ns.endsWith(".kubernetes.io") || ns === "k8s.io" ||
    ns.endsWith(".k8s.io");
  if (!kube) return false;
  return !ALLOWED_KUBE_LABELS.has(key) && !ALLOWED_KUBE_PREFIXES.some((p) => key.startsWith(p));
}

type Obj = KubeObject | undefined;

function field<T>(obj: Obj, ...path: string[]): T | undefined {
  let cur: unknown = obj;
  for (const p of path) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur as T | undefined;
}

/** Deep equality where absent, null and empty lists are the same (apimachinery's Semantic). */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === undefined || (Array.isArray(v) && v.length === 0) ? null : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

function operation(verb: string): "create" | "update" | "delete" | undefined {
  if (verb === "create") return "create";
  if (verb === "update" || verb === "patch") return "update";
  if (verb === "delete" || verb === "deletecollection") return "delete";
  return undefined;
}

function changedLabels(oldObj: Obj, newObj: Obj): string[] {
  const before = oldObj?.metadata.labels ?? {};
  const after = newObj?.metadata.labels ?? {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}

function admitNode(
  node: string,
  op: string,
  attrs: AuthorizationAttributes,
  oldObj: Obj,
  newObj: Obj,
) {
  const requested = attrs.name || newObj?.metadata.name || "";
  if (requested !== node) return `node "${node}" is not allowed to modify node "${requested}"`;
  if (op === "create") {
    const bad = Object.keys(newObj?.metadata.labels ?? {}).filter(isForbiddenNodeLabel).sort();
    if (bad.length > 0) {
      return `node "${node}" is not allowed to set the following labels: ${bad.join(", ")}`;
    }
    if ((field<unknown[]>(newObj, "status", "addresses") ?? []).length > 0) {
      return `node "${node}" is not allowed to set status.addresses (the scheduler registers them)`;
    }
  }
  if (op === "update") {
    const bad = changedLabels(oldObj, newObj).filter(isForbiddenNodeLabel);
    if (bad.length > 0) {
      return `node "${node}" is not allowed to modify labels: ${bad.join(", ")}`;
    }
    if (!same(field(oldObj, "spec", "taints"), field(newObj, "spec", "taints"))) {
      return `node "${node}" is not allowed to modify taints`;
    }
    if (!same(field(oldObj, "status", "addresses"), field(newObj, "status", "addresses"))) {
      return `node "${node}" is not allowed to modify status.addresses (the scheduler owns them)`;
    }
  }
  return undefined;
}

function boundTo(obj: Obj): string | undefined {
  return field<string>(obj, "spec", "nodeName");
}

function admitPod(
  node: string,
  op: string,
  attrs: AuthorizationAttributes,
  oldObj: Obj,
  newObj: Obj,
) {
  const sub = attrs.subresource ?? "";
  if (sub === "status") {
    if (op !== "update") return `unexpected operation ${op} on pods/status`;
    if (boundTo(oldObj) !== node || (newObj && boundTo(newObj) !== node)) {
      return `node "${node}" can only update pod status for pods with spec.nodeName set to itself`;
    }
    return undefined;
  }
  if (sub === "eviction") {
    if (boundTo(oldObj) !== node) {
      return `node "${node}" can only evict pods with spec.nodeName set to itself`;
    }
    return undefined;
  }
  if (sub !== "") return `unexpected subresource ${sub}, node "${node}" cannot write it`;
  if (op === "create") {
    if (newObj?.metadata.annotations?.[MIRROR_POD_ANNOTATION] === undefined) {
      return `pod does not have "${MIRROR_POD_ANNOTATION}" annotation, node "${node}" can only create mirror pods`;
    }
    if (boundTo(newObj) !== node) {
      return `node "${node}" can only create pods with spec.nodeName set to itself`;
    }
    return undefined;
  }
  if (op === "delete") {
    if (oldObj && boundTo(oldObj) !== node) {
      return `node "${node}" can only delete pods with spec.nodeName set to itself`;
    }
    return undefined;
  }
  return `unexpected operation ${op}, node "${node}" can only create and delete mirror pods`;
}

function admitLease(node: string, attrs: AuthorizationAttributes, newObj: Obj) {
  if ((attrs.namespace ?? "") !== NODE_LEASE_NAMESPACE) {
    return `can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`;
  }
  const name = attrs.name || newObj?.metadata.name || "";
  if (name !== node) return `can only access node lease with the same name as the requesting node`;
  return undefined;
}

/**
 * Judges a write by a node identity: undefined when allowed (or not a node's request, or not a
 * write), else the forbidden reason (render it with admissionForbiddenMessage). `oldObj` is the
 * stored object (update, delete, status), `newObj` the object after the write (create, update;
 * for patches, the patched result).
 */
export function admitNodeRequest(
  user: UserInfo,
  attrs: AuthorizationAttributes,
  oldObj: KubeObject | undefined,
  newObj: KubeObject | undefined,
): string | undefined {
  if (!user.groups.includes(NODES_GROUP)) return undefined;
  const op = operation(attrs.verb);
  if (!op || !attrs.isResourceRequest) return undefined;
  const node = nodeNameOf(user);
  if (node === undefined) return `could not determine node from user "${user.name}"`;
  const group = attrs.apiGroup ?? "";
  if (group === "" && attrs.resource === "nodes") {
    return admitNode(node, op, attrs, oldObj, newObj);
  }
  if (group === "" && attrs.resource === "pods") return admitPod(node, op, attrs, oldObj, newObj);
  if (group === "coordination.k8s.io" && attrs.resource === "leases") {
    return admitLease(node, attrs, newObj);
  }
  return undefined;
}
