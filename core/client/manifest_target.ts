/**
 * Where a manifest object goes: the v1 resource for its kind (namespace filled in), or for the
 * seed's v1beta1 shape (`apiVersion: v1beta1`, `id`, `desiredState`) the `/api/v1beta1/<resource>`
 * collection it is POSTed to as is.
 */
import { apiVersionOf, resourceForKind, RESOURCES } from "../api/kinds.ts";
import { refOf } from "./resource_args.ts";
import type { Manifest } from "./manifest_loader.ts";
import type { ResourceRef } from "./resource_path.ts";

/** A manifest object resolved to its API location. */
export interface ManifestTarget {
  /** The object's collection (name set when the object has one). */
  ref: ResourceRef;
  /** The object as it will be sent (namespace filled in for v1). */
  body: Record<string, unknown>;
  kind: string;
  /** The object's name ("" when it uses generateName). */
  name: string;
  /** The lower-case singular for messages ("pod", "replicationcontroller"). */
  singular: string;
  /** True for the seed's v1beta1 shape. */
  legacy: boolean;
}

/** The seed's v1beta1 collections by kind. */
const V1BETA1_RESOURCES: Record<string, string> = {
  Pod: "pods",
  ReplicationController: "replicationControllers",
  Service: "services",
  Minion: "minions",
  Node: "minions",
};

/** The seed's v1beta1 resource names (any case) → kind, for `k8sm -c FILE create pods`. */
const V1BETA1_KINDS: Record<string, string> = {
  pods: "Pod",
  replicationcontrollers: "ReplicationController",
  services: "Service",
  minions: "Minion",
};

/** True when an object looks like the seed's v1beta1 shape. */
export function isV1beta1(obj: Record<string, unknown>): boolean {
  if (obj.apiVersion === "v1beta1") return true;
  return obj.apiVersion === undefined && obj.metadata === undefined &&
    (obj.id !== undefined || obj.desiredState !== undefined);
}

/**
 * Resolves where `m` goes. `resourceHint` (a resource name such as "pods", from the seed's
 * `create pods`) supplies the kind when the object has none. Throws for unknown kinds, and,
 * when `namespaceFromFlag` (the user passed -n), for an object in another namespace.
 */
export function manifestTarget(
  m: Manifest,
  defaultNamespace: string,
  resourceHint?: string,
  namespaceFromFlag = false,
): ManifestTarget {
  const obj = m.object;
  let kind = typeof obj.kind === "string" ? obj.kind : "";
  if (isV1beta1(obj)) {
    if (kind === "" && resourceHint) kind = V1BETA1_KINDS[resourceHint.toLowerCase()] ?? "";
    const resource = V1BETA1_RESOURCES[kind];
    if (!resource) {
      throw new Error(
        kind === ""
          ? `the v1beta1 object in ${m.source} has no kind; add "kind": "Pod" (or name the type: k8sm -c ${m.source} create pods)`
          : `no v1beta1 resource for kind "${kind}" in ${m.source}; the seed's API serves Pod, ReplicationController, Service and Minion`,
      );
    }
    const name = typeof obj.id === "string" ? obj.id : "";
    const singular = resourceForKind(kind === "Minion" ? "Node" : kind)?.singular ??
      kind.toLowerCase();
    return {
      ref: { resource, name: name || undefined, groupVersion: "v1beta1" },
      body: { ...obj, kind, apiVersion: "v1beta1" },
      kind,
      name,
      singular,
      legacy: true,
    };
  }
  if (kind === "" && resourceHint) {
    kind = resourceForHint(resourceHint) ?? "";
  }
  if (kind === "") {
    throw new Error(`an object in ${m.source} has no kind; set "kind" (Pod, Service, …)`);
  }
  const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "v1";
  const info = resourceForKind(kind, apiVersion);
  if (!info) {
    const known = RESOURCES.filter((r) => r.verbs.includes("get")).map((r) =>
      `${apiVersionOf(r)} ${r.kind}`
    ).join(", ");
    throw new Error(
      `no resource for kind "${kind}" in version "${apiVersion}" (in ${m.source}); k8sm serves ${known}`,
    );
  }
  const meta = typeof obj.metadata === "object" && obj.metadata !== null
    ? { ...(obj.metadata as Record<string, unknown>) }
    : {};
  if (info.namespaced && (typeof meta.namespace !== "string" || meta.namespace === "")) {
    meta.namespace = defaultNamespace;
  } else if (info.namespaced && namespaceFromFlag && meta.namespace !== defaultNamespace) {
    throw new Error(
      `the namespace from the provided object ${JSON.stringify(meta.namespace)} does not match ` +
        `the namespace ${JSON.stringify(defaultNamespace)}; pass --namespace=${meta.namespace} ` +
        `or remove the namespace from ${m.source}`,
    );
  }
  const name = typeof meta.name === "string" ? meta.name : "";
  const namespace = info.namespaced ? String(meta.namespace) : undefined;
  return {
    ref: refOf(info, namespace, name || undefined),
    body: { ...obj, apiVersion, kind, metadata: meta },
    kind,
    name,
    singular: info.singular,
    legacy: false,
  };
}

function resourceForHint(hint: string): string | undefined {
  const h = hint.toLowerCase();
  return RESOURCES.find((r) => r.resource === h || r.singular === h || r.shortNames.includes(h))
    ?.kind;
}
