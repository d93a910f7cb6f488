/**
 * One ClusterRole per k8sm component, holding only the verbs its code uses against the API
 * (read from core/scheduler, core/controllers, core/proxy and core/executor), and the bindings
 * to each component's identity. Leader election is not here: the scheduler's lease is a key of
 * the store it opens itself (leader_election.ts), and the controller-manager's lease is the
 * Endpoints `kube-system/k8sm-controller-manager` (api_lease_store.ts), covered by its
 * endpoints rule.
 */
import type { ClusterRole, ClusterRoleBinding } from "../api/types/rbac.ts";
import { clusterRole, clusterRoleBinding, group, rule, user } from "./policy_builders.ts";
import { NODES_GROUP } from "./user_info.ts";

/** The user name of `k8sm scheduler`. */
export const SCHEDULER_USER = "system:k8sm:scheduler";
/** The user name of `k8sm controller-manager`. */
export const CONTROLLER_MANAGER_USER = "system:k8sm:controller-manager";
/** The user name of `k8sm proxy`. */
export const PROXY_USER = "system:k8sm:proxy";
/** The ClusterRole of executors (bound to group system:nodes; NodeRestriction narrows it). */
export const NODE_ROLE = "system:k8sm:node";

const EVENTS = rule(["create", "patch"], [""], ["events"]);

/**
 * The scheduler: watches every pod (informer), binds (pods/binding; merge patch of a pod its
 * author already placed), marks pods Failed (pods/status update), removes pods whose task ended
 * (delete), evicts the pods of a Node Mesos maintenance drains (pods/eviction create),
 * registers agents as Nodes (list, get, create, label patch, nodes/status patch), records events, asks for executor credentials (nodes/token create), and reads the node Leases
 * (a lapsed Lease makes a Node NotReady).
 */
export function schedulerRole(): ClusterRole {
  return clusterRole(SCHEDULER_USER, [
    rule(["get", "list", "watch", "patch", "delete"], [""], ["pods"]),
    rule(["create"], [""], ["pods/binding", "pods/eviction"]),
    rule(["update", "patch"], [""], ["pods/status"]),
    rule(["get", "list", "watch", "create", "patch"], [""], ["nodes"]),
    rule(["patch"], [""], ["nodes/status"]),
    rule(["create"], [""], ["nodes/token"]),
    rule(["get", "list", "watch"], ["coordination.k8s.io"], ["leases"]),
    EVENTS,
  ]);
}

/**
 * The controller-manager: informers on pods, nodes (DaemonSets), replicationcontrollers,
 * ReplicaSets, Deployments, DaemonSets, StatefulSets, Jobs, CronJobs, PodDisruptionBudgets
 * (status kept), services, endpoints and EndpointSlices; pod create/delete/patch (ownerReferences) by the
 * replica loops, the Job controller and the garbage collector;
 * ReplicaSets and Jobs created, scaled and deleted by the Deployment and CronJob controllers;
 * every workload's status; patch and delete of every owner kind by the garbage collector
 * (finalizers, ownerReferences); endpoints get/create/update/delete by the endpoints
 * controller (and its leader-election lease); events.
 */
export function controllerManagerRole(): ClusterRole {
  const owners = ["get", "list", "watch", "create", "update", "patch", "delete"];
  return clusterRole(CONTROLLER_MANAGER_USER, [
    rule(["get", "list", "watch", "create", "delete", "patch"], [""], ["pods"]),
    rule(["get", "list", "watch", "patch", "delete"], [""], ["replicationcontrollers"]),
    rule(["update"], [""], ["replicationcontrollers/status"]),
    rule(owners, ["apps"], ["replicasets", "deployments", "daemonsets", "statefulsets"]),
    rule(["update"], ["apps"], [
      "replicasets/status",
      "deployments/status",
      "daemonsets/status",
      "statefulsets/status",
    ]),
    rule(["list", "watch"], [""], ["nodes"]),
    rule(["get", "list", "watch"], ["policy"], ["poddisruptionbudgets"]),
    rule(["list", "watch", "create", "update", "delete"], ["discovery.k8s.io"], [
      "endpointslices",
    ]),
    rule(["update"], ["policy"], ["poddisruptionbudgets/status"]),
    rule(owners, ["batch"], ["jobs", "cronjobs"]),
    rule(["update"], ["batch"], ["jobs/status", "cronjobs/status"]),
    rule(["list", "watch"], [""], ["services"]),
    rule(["get", "list", "watch", "create", "update", "delete"], [""], ["endpoints"]),
    EVENTS,
  ]);
}

/**
 * The proxy: informers on services, endpoints and EndpointSlices; it records its port as a
 * service annotation.
 */
export function proxyRole(): ClusterRole {
  return clusterRole(PROXY_USER, [
    rule(["list", "watch", "patch"], [""], ["services"]),
    rule(["list", "watch"], [""], ["endpoints"]),
    rule(["list", "watch"], ["discovery.k8s.io"], ["endpointslices"]),
  ]);
}

/**
 * Executors (node identities): read their Node and publish its kubelet port (nodes/status
 * patch) and serving CA (a nodes patch of one annotation), review tokens presented to their
 * kubelet endpoint (tokenreviews, subjectaccessreviews), watch the pods bound to their Node (spec
 * changes such as a new image), write the status of pods they run and delete them once finished, list services for
 * container environment variables, get the Secrets, ConfigMaps and ServiceAccounts their pods
 * use and request those ServiceAccounts' tokens (the node authorizer's graph,
 * node_object_reads.ts, narrows these to pods bound to the node), record events, renew their
 * node's Lease (kube-node-lease). NodeRestriction limits the writes to the executor's own Node,
 * pods and Lease.
 */
export function nodeRole(): ClusterRole {
  return clusterRole(NODE_ROLE, [
    rule(["get", "patch"], [""], ["nodes"]),
    rule(["patch"], [""], ["nodes/status"]),
    rule(["get", "list", "watch", "delete"], [""], ["pods"]),
    rule(["patch"], [""], ["pods/status"]),
    rule(["list"], [""], ["services"]),
    rule(["get"], [""], ["secrets", "configmaps", "serviceaccounts"]),
    rule(["create"], [""], ["serviceaccounts/token"]),
    rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
    rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
    rule(["get", "create", "update", "patch"], ["coordination.k8s.io"], ["leases"]),
    EVENTS,
  ]);
}

/** Every component ClusterRole. */
export function componentClusterRoles(): ClusterRole[] {
  return [schedulerRole(), controllerManagerRole(), proxyRole(), nodeRole()];
}

/** The bindings of the component roles to the component identities. */
export function componentClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    clusterRoleBinding(SCHEDULER_USER, [user(SCHEDULER_USER)]),
    clusterRoleBinding(CONTROLLER_MANAGER_USER, [user(CONTROLLER_MANAGER_USER)]),
    clusterRoleBinding(PROXY_USER, [user(PROXY_USER)]),
    clusterRoleBinding(NODE_ROLE, [group(NODES_GROUP)]),
  ];
}
