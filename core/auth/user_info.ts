/** Who a request or component is: the identity authentication yields and RBAC judges. */

/** An authenticated user (kube-apiserver's user.Info). */
export interface UserInfo {
  name: string;
  uid: string;
  groups: string[];
  /** Extra attributes (for ServiceAccount tokens: the pod and node the token is bound to). */
  extra?: Record<string, string[]>;
}

/** The group every authenticated user belongs to. */
export const AUTHENTICATED_GROUP = "system:authenticated";
/** The user and group of requests without credentials (served only on public paths). */
export const ANONYMOUS_USER = "system:anonymous";
/** The group of unauthenticated requests. */
export const UNAUTHENTICATED_GROUP = "system:unauthenticated";
/** The group of every executor (node) identity; its users are `system:node:<node name>`. */
export const NODES_GROUP = "system:nodes";
/** The prefix of node user names. */
export const NODE_USER_PREFIX = "system:node:";
/** The group of cluster administrators (bound to cluster-admin). */
export const MASTERS_GROUP = "system:masters";

/** The node name of a node identity (`system:node:NAME` in group system:nodes), or undefined. */
export function nodeNameOf(user: UserInfo): string | undefined {
  if (!user.groups.includes(NODES_GROUP) || !user.name.startsWith(NODE_USER_PREFIX)) {
    return undefined;
  }
  const name = user.name.slice(NODE_USER_PREFIX.length);
  return name === "" ? undefined : name;
}
