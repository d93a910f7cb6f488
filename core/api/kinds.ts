/**
 * The one table of resources k8sm serves: group, version, names, kinds, scope, verbs and
 * subresources. Routing, discovery, the client's resource-name resolution and tables all read
 * it. The seed's core/v1 kinds are listed here; newer kinds are declared one per file under
 * `groups/` and appended.
 */
import { READ_WRITE_VERBS } from "./groups/kind_declaration.ts";
import { DECLARED_RESOURCES } from "./groups/declared_resources.ts";

/** A served resource of one API group and version. */
export interface ResourceInfo {
  /** The API group: "" for core, e.g. "rbac.authorization.k8s.io". */
  group: string;
  /** The version served ("v1"). */
  version: string;
  /** Plural, lower case: the URL segment ("pods"). */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  /** In the "all" category (`kubectl get all`). */
  all: boolean;
  /** Discovery categories besides "all" (which `all` adds). */
  categories?: string[];
  verbs: string[];
  /** Subresource name → the kind it speaks and its verbs. */
  subresources: Record<string, { kind: string; verbs: string[]; apiVersion?: string }>;
}

/** Every verb of a plain read-write resource. */
export const RW = READ_WRITE_VERBS;

/** The seed's resources of `/api/v1`. */
const CORE_V1: ResourceInfo[] = [
  {
    group: "",
    version: "v1",
    resource: "bindings",
    singular: "binding",
    kind: "Binding",
    listKind: "BindingList",
    namespaced: true,
    shortNames: [],
    all: false,
    verbs: ["create"],
    subresources: {},
  },
  {
    group: "",
    version: "v1",
    resource: "endpoints",
    singular: "endpoints",
    kind: "Endpoints",
    listKind: "EndpointsList",
    namespaced: true,
    shortNames: ["ep"],
    all: false,
    verbs: RW,
    subresources: {},
  },
  {
    group: "",
    version: "v1",
    resource: "events",
    singular: "event",
    kind: "Event",
    listKind: "EventList",
    namespaced: true,
    shortNames: ["ev"],
    all: false,
    verbs: RW,
    subresources: {},
  },
  {
    group: "",
    version: "v1",
    resource: "namespaces",
    singular: "namespace",
    kind: "Namespace",
    listKind: "NamespaceList",
    namespaced: false,
    shortNames: ["ns"],
    all: false,
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
    subresources: { status: { kind: "Namespace", verbs: ["get", "patch", "update"] } },
  },
  {
    group: "",
    version: "v1",
    resource: "nodes",
    singular: "node",
    kind: "Node",
    listKind: "NodeList",
    namespaced: false,
    shortNames: ["no"],
    all: false,
    verbs: RW,
    subresources: {
      status: { kind: "Node", verbs: ["get", "patch", "update"] },
      token: { kind: "TokenRequest", verbs: ["create"], apiVersion: "authentication.k8s.io/v1" },
    },
  },
  {
    group: "",
    version: "v1",
    resource: "pods",
    singular: "pod",
    kind: "Pod",
    listKind: "PodList",
    namespaced: true,
    shortNames: ["po"],
    all: true,
    verbs: RW,
    subresources: {
      binding: { kind: "Binding", verbs: ["create"] },
      eviction: { kind: "Eviction", verbs: ["create"], apiVersion: "policy/v1" },
      log: { kind: "Pod", verbs: ["get"] },
      status: { kind: "Pod", verbs: ["get", "patch", "update"] },
    },
  },
  {
    group: "",
    version: "v1",
    resource: "replicationcontrollers",
    singular: "replicationcontroller",
    kind: "ReplicationController",
    listKind: "ReplicationControllerList",
    namespaced: true,
    shortNames: ["rc"],
    all: true,
    verbs: RW,
    subresources: {
      scale: { kind: "Scale", verbs: ["get", "patch", "update"], apiVersion: "autoscaling/v1" },
      status: { kind: "ReplicationController", verbs: ["get", "patch", "update"] },
    },
  },
  {
    group: "",
    version: "v1",
    resource: "services",
    singular: "service",
    kind: "Service",
    listKind: "ServiceList",
    namespaced: true,
    shortNames: ["svc"],
    all: true,
    verbs: RW,
    subresources: { status: { kind: "Service", verbs: ["get", "patch", "update"] } },
  },
];

/** Every served resource: core/v1 first, then the named groups, each in discovery order. */
export const RESOURCES: readonly ResourceInfo[] = [...CORE_V1, ...DECLARED_RESOURCES].sort((a, b) =>
  (a.group === "" ? "" : `~${a.group}`).localeCompare(b.group === "" ? "" : `~${b.group}`) ||
  a.resource.localeCompare(b.resource)
);

/** "v1" for core resources, "GROUP/VERSION" otherwise: the apiVersion of its objects. */
export function apiVersionOf(info: ResourceInfo): string {
  return info.group === "" ? info.version : `${info.group}/${info.version}`;
}

/**
 * The resource for a plural, singular, kind or short name (any case), optionally qualified by
 * its group (`roles.rbac.authorization.k8s.io`, `role.rbac`); undefined if unknown.
 */
export function findResource(name: string): ResourceInfo | undefined {
  const n = name.toLowerCase();
  if (n === "minions" || n === "minion") return RESOURCES.find((r) => r.resource === "nodes");
  const matches = (r: ResourceInfo, x: string) =>
    r.resource === x || r.singular === x || r.kind.toLowerCase() === x || r.shortNames.includes(x);
  const plain = RESOURCES.find((r) => matches(r, n));
  if (plain !== undefined) return plain;
  const dot = n.indexOf(".");
  if (dot <= 0) return undefined;
  const [base, group] = [n.slice(0, dot), n.slice(dot + 1)];
  return RESOURCES.find((r) =>
    matches(r, base) && r.group !== "" && (r.group === group || r.group.startsWith(`${group}.`))
  );
}

/** The resource serving a kind ("Pod" → pods), of `apiVersion` when given; undefined if unknown. */
export function resourceForKind(kind: string, apiVersion?: string): ResourceInfo | undefined {
  return RESOURCES.find((r) =>
    r.kind === kind && (apiVersion === undefined || apiVersionOf(r) === apiVersion)
  );
}

/** The served resources of one group and version (core: group ""). */
export function groupVersionResources(group: string, version: string): ResourceInfo[] {
  return RESOURCES.filter((r) => r.group === group && r.version === version);
}

/** The named groups served, each with its versions (preferred first), in discovery order. */
export function servedGroups(): { group: string; versions: string[] }[] {
  const out: { group: string; versions: string[] }[] = [];
  for (const r of RESOURCES) {
    if (r.group === "") continue;
    const g = out.find((x) => x.group === r.group) ??
      out[out.push({ group: r.group, versions: [] }) - 1];
    if (!g.versions.includes(r.version)) g.versions.push(r.version);
  }
  return out;
}
