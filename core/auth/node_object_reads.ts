/**
 * The Node authorizer's graph rule for the objects a kubelet needs to run its pods (Kubernetes'
 * node authorizer): a node identity may `get` a Secret, a ConfigMap or a ServiceAccount, and
 * `create` a ServiceAccount's token, only when a pod bound to that node (spec.nodeName) in the
 * same namespace refers to it — through a volume, a projected source, an env var, envFrom,
 * imagePullSecrets or spec.serviceAccountName. Anything else of those kinds stays closed, so
 * one compromised executor cannot read the cluster's secrets.
 */
import type { Pod } from "../api/types/pod.ts";
import type { AuthorizationAttributes } from "./rbac_rules.ts";
import { nodeNameOf, NODES_GROUP } from "./user_info.ts";

/** The names a pod refers to, by resource. */
export interface PodReferences {
  secrets: Set<string>;
  configmaps: Set<string>;
  serviceaccounts: Set<string>;
}

/** podReferences, remembered per pod object (the apiserver hands the same parsed pods again). */
const references = new WeakMap<Pod, PodReferences>();
function referencesOf(pod: Pod): PodReferences {
  let refs = references.get(pod);
  if (!refs) references.set(pod, refs = podReferences(pod));
  return refs;
}

/** Every Secret, ConfigMap and ServiceAccount `pod` refers to. */
export function podReferences(pod: Pod): PodReferences {
  const refs: PodReferences = {
    secrets: new Set(),
    configmaps: new Set(),
    serviceaccounts: new Set(),
  };
  const add = (set: Set<string>, name: string | undefined) => name && set.add(name);
  const spec = pod.spec;
  if (!spec) return refs;
  add(refs.serviceaccounts, spec.serviceAccountName || "default");
  for (const s of spec.imagePullSecrets ?? []) add(refs.secrets, s.name);
  for (const v of spec.volumes ?? []) {
    add(refs.secrets, v.secret?.secretName);
    add(refs.configmaps, v.configMap?.name);
    for (const src of v.projected?.sources ?? []) {
      add(refs.secrets, src.secret?.name);
      add(refs.configmaps, src.configMap?.name);
    }
  }
  for (const c of [...spec.initContainers ?? [], ...spec.containers ?? []]) {
    for (const e of c.env ?? []) {
      add(refs.secrets, e.valueFrom?.secretKeyRef?.name);
      add(refs.configmaps, e.valueFrom?.configMapKeyRef?.name);
    }
    for (const e of c.envFrom ?? []) {
      add(refs.secrets, e.secretRef?.name);
      add(refs.configmaps, e.configMapRef?.name);
    }
  }
  return refs;
}

/** The request a node makes for one of the graph's objects, if it is one. */
function graphTarget(attrs: AuthorizationAttributes): keyof PodReferences | undefined {
  if ((attrs.apiGroup ?? "") !== "" || !attrs.isResourceRequest) return undefined;
  const r = attrs.resource;
  if (r !== "secrets" && r !== "configmaps" && r !== "serviceaccounts") return undefined;
  return r;
}

/**
 * Judges a node identity's request for a Secret, ConfigMap, ServiceAccount or token:
 * undefined when allowed (or not such a request), else the forbidden reason. `podsOn` lists
 * the pods of a namespace bound to a node.
 */
export async function nodeObjectReadRefusal(
  attrs: AuthorizationAttributes,
  podsOn: (namespace: string, node: string) => Promise<Pod[]>,
): Promise<string | undefined> {
  const user = attrs.user;
  if (!user.groups.includes(NODES_GROUP)) return undefined;
  const target = graphTarget(attrs);
  if (!target) return undefined;
  const node = nodeNameOf(user);
  if (node === undefined) return `could not determine node from user "${user.name}"`;
  const sub = attrs.subresource ?? "";
  const what = sub ? `${target}/${sub}` : target;
  const allowedVerb = sub === "token" ? attrs.verb === "create" : attrs.verb === "get";
  const namespaced = attrs.namespace && attrs.name;
  if (!allowedVerb || !namespaced || (sub !== "" && sub !== "token")) {
    return sub === "token"
      ? `node "${node}" can only create tokens of service accounts its pods run as`
      : `node "${node}" can only get individual ${target} its pods use, not ${attrs.verb} ${what}`;
  }
  const pods = await podsOn(attrs.namespace!, node);
  if (pods.some((p) => referencesOf(p)[target].has(attrs.name!))) return undefined;
  return `no relationship found between node "${node}" and this object`;
}
