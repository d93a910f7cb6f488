/**
 * The one table of resources k8sm serves: names, kinds, scope, verbs and subresources.
 * Routing, discovery, the client's resource-name resolution and tables all read it.
 */

/** A served resource of the core ("") group, version v1. */
export interface ResourceInfo {
  /** Plural, lower case: the URL segment ("pods"). */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  /** In the "all" category (`kubectl get all`). */
  all: boolean;
  verbs: string[];
  /** Subresource name → the kind it speaks and its verbs. */
  subresources: Record<string, { kind: string; verbs: string[]; apiVersion?: string }>;
}

const RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/** Every resource of `/api/v1`, in discovery order. */
export const RESOURCES: readonly ResourceInfo[] = [
  {
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
    resource: "nodes",
    singular: "node",
    kind: "Node",
    listKind: "NodeList",
    namespaced: false,
    shortNames: ["no"],
    all: false,
    verbs: RW,
    subresources: { status: { kind: "Node", verbs: ["get", "patch", "update"] } },
  },
  {
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
      log: { kind: "Pod", verbs: ["get"] },
      status: { kind: "Pod", verbs: ["get", "patch", "update"] },
    },
  },
  {
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

/** The resource for a plural, singular, kind or short name (any case); undefined if unknown. */
export function findResource(name: string): ResourceInfo | undefined {
  const n = name.toLowerCase();
  if (n === "minions" || n === "minion") return RESOURCES.find((r) => r.resource === "nodes");
  return RESOURCES.find((r) =>
    r.resource === n || r.singular === n || r.kind.toLowerCase() === n || r.shortNames.includes(n)
  );
}

/** The resource serving a kind ("Pod" → pods); undefined if unknown. */
export function resourceForKind(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}
