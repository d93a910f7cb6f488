/**
 * How controllers change pods through the API: create one from a controller's template (with
 * generateName and a controller ownerReference), delete one, adopt an orphan and release a pod
 * that no longer matches. Every call goes through the REST client like any other client's.
 */
import type { KubeObject, OwnerReference } from "../api/object.ts";
import { generateNamePrefix } from "../api/name_rules.ts";
import type { Pod, PodTemplateSpec } from "../api/types/pod.ts";
import { isNotFound } from "../client/client_errors.ts";
import type { RestClient } from "../client/rest_client.ts";
import { adoptObject, releaseObject } from "./owner_claims.ts";

/** The kind of a controlling owner, as its ownerReferences name it. */
export interface OwnerKind {
  kind: string;
  /** "v1", "apps/v1", "batch/v1". */
  apiVersion: string;
}

/** The controller ownerReference pointing at `owner` of kind `of`. */
export function controllerRef(owner: KubeObject, of: OwnerKind): OwnerReference {
  return {
    apiVersion: of.apiVersion,
    kind: of.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The pod a controller creates from its template (not yet sent). */
export function podFromTemplate(
  template: PodTemplateSpec,
  owner: KubeObject,
  kind: OwnerKind,
): Pod {
  const meta = template.metadata ?? {};
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: generateNamePrefix(owner.metadata.name ?? "pod"),
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      annotations: meta.annotations ? { ...meta.annotations } : undefined,
      ownerReferences: [controllerRef(owner, kind)],
    },
    spec: structuredClone(template.spec ?? { containers: [] }),
  };
}

/** Pod writes for controllers over one REST client. */
export class PodControl {
  constructor(private readonly client: RestClient) {}

  /** Creates a pod from `owner`'s template; returns the created pod. */
  create(
    template: PodTemplateSpec,
    owner: KubeObject,
    kind: OwnerKind,
    adjust?: (pod: Pod) => void,
  ): Promise<Pod> {
    const pod = podFromTemplate(template, owner, kind);
    adjust?.(pod);
    return this.client.create<Pod>(
      { resource: "pods", namespace: owner.metadata.namespace ?? "default" },
      pod,
    );
  }

  /** Deletes a pod; true when it was deleted by this call, false when it was already gone. */
  async delete(namespace: string, name: string): Promise<boolean> {
    try {
      await this.client.delete({ resource: "pods", namespace, name });
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  /** Makes `owner` the controller of the orphan `pod` (fails on a concurrent change). */
  adopt(pod: Pod, owner: KubeObject, kind: OwnerKind): Promise<Pod> {
    return adoptObject<Pod>(this.client, podRef(pod), pod, owner, kind);
  }

  /** Removes `ownerUid` from the pod's ownerReferences (it no longer matches the selector). */
  release(pod: Pod, ownerUid: string): Promise<Pod> {
    return releaseObject<Pod>(this.client, podRef(pod), pod, ownerUid);
  }
}

function podRef(pod: Pod) {
  return { resource: "pods", namespace: pod.metadata.namespace, name: pod.metadata.name };
}
