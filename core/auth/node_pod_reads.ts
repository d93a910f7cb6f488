/**
 * The Node authorizer's rule for pod lists and watches (Kubernetes' AuthorizeNodeWithSelectors,
 * on in 1.32): a node identity may list and watch pods only with the field selector
 * `spec.nodeName=<its node>`, so an executor sees the specs of the pods bound to it (as a
 * kubelet's pod source) and never the rest of the cluster's.
 */
import type { AuthorizationAttributes } from "./rbac_rules.ts";
import { nodeNameOf, NODES_GROUP } from "./user_info.ts";

/** True when `selector` requires `spec.nodeName` to equal `node` (one term among others). */
function selectsNode(selector: string, node: string): boolean {
  return selector.split(",").map((t) => t.trim()).some((term) => {
    const m = /^spec\.nodeName(==?)(.*)$/.exec(term);
    return m !== null && m[2] === node;
  });
}

/**
 * Judges a pod list/watch by a node identity: undefined when allowed (or not such a request),
 * else the forbidden reason.
 */
export function nodePodReadRefusal(
  attrs: AuthorizationAttributes,
  query: URLSearchParams,
): string | undefined {
  const user = attrs.user;
  if (!user.groups.includes(NODES_GROUP) || !attrs.isResourceRequest) return undefined;
  if ((attrs.apiGroup ?? "") !== "" || attrs.resource !== "pods" || attrs.subresource) {
    return undefined;
  }
  if (attrs.verb !== "list" && attrs.verb !== "watch") return undefined;
  const node = nodeNameOf(user);
  if (node === undefined) return `could not determine node from user "${user.name}"`;
  if (selectsNode(query.get("fieldSelector") ?? "", node)) return undefined;
  return `node "${node}" can only ${attrs.verb} pods with fieldSelector spec.nodeName=${node}`;
}
