/** ReplicationController, Node and Namespace rows as kubectl prints them. */

import type { KubeObject } from "../../api/object.ts";
import type { Namespace } from "../../api/types/namespace.ts";
import type { Node } from "../../api/types/node.ts";
import type { ReplicationController } from "../../api/types/replication_controller.ts";
import { ageSince } from "./human_duration.ts";
import {
  AGE_COLUMN,
  column,
  formatLabels,
  NAME_COLUMN,
  type ResourcePrinter,
} from "./table_types.ts";

/** The replicationcontrollers printer (Name, Desired, Current, Ready, Age; Containers, Images, Selector wide). */
export const replicationControllerPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    column("Desired", "Replicas is the number of desired replicas.", 0, "integer"),
    column("Current", "Replicas is the most recently observed number of replicas.", 0, "integer"),
    column("Ready", "The number of ready replicas for this replication controller.", 0, "integer"),
    AGE_COLUMN,
    column("Containers", "Names of each container in the template.", 1),
    column("Images", "Images referenced by each container in the template.", 1),
    column(
      "Selector",
      "Selector is a label query over pods that should match the Replicas count.",
      1,
    ),
  ],
  row(obj: KubeObject, now: number) {
    const rc = obj as ReplicationController;
    const containers = rc.spec?.template?.spec?.containers ?? [];
    return {
      cells: [
        rc.metadata.name ?? "",
        rc.spec?.replicas ?? 1,
        rc.status?.replicas ?? 0,
        rc.status?.readyReplicas ?? 0,
        ageSince(rc.metadata.creationTimestamp, now),
        containers.map((c) => c.name).join(","),
        containers.map((c) => c.image ?? "").join(","),
        formatLabels(rc.spec?.selector),
      ],
    };
  },
};

/** A node's roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v) roles.add(v);
  }
  return [...roles].sort();
}

function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === "Ready");
  const parts = [ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown"];
  if (node.spec?.unschedulable) parts.push("SchedulingDisabled");
  return parts.join(",");
}

function nodeAddress(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? "<none>";
}

/** The nodes printer (Name, Status, Roles, Age, Version; addresses, OS, kernel, runtime wide). */
export const nodePrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    column("Status", "The status of the node"),
    column("Roles", "The roles of the node"),
    AGE_COLUMN,
    column("Version", "Kubelet Version reported by the node."),
    column(
      "Internal-IP",
      "List of addresses reachable to the node. Queried from cloud provider, if available.",
      1,
    ),
    column(
      "External-IP",
      "List of addresses reachable to the node. Queried from cloud provider, if available.",
      1,
    ),
    column(
      "OS-Image",
      "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
      1,
    ),
    column(
      "Kernel-Version",
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      1,
    ),
    column(
      "Container-Runtime",
      "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
      1,
    ),
  ],
  row(obj: KubeObject, now: number) {
    const node = obj as Node;
    const info = node.status?.nodeInfo;
    const roles = nodeRoles(node);
    return {
      cells: [
        node.metadata.name ?? "",
        nodeStatus(node),
        roles.length > 0 ? roles.join(",") : "<none>",
        ageSince(node.metadata.creationTimestamp, now),
        info?.kubeletVersion ?? "",
        nodeAddress(node, "InternalIP"),
        nodeAddress(node, "ExternalIP"),
        info?.osImage || "<unknown>",
        info?.kernelVersion || "<unknown>",
        info?.containerRuntimeVersion || "<unknown>",
      ],
    };
  },
};

/** The namespaces printer (Name, Status, Age). */
export const namespacePrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    column("Status", "The status of the namespace"),
    AGE_COLUMN,
  ],
  row(obj: KubeObject, now: number) {
    const ns = obj as Namespace;
    return {
      cells: [
        ns.metadata.name ?? "",
        ns.status?.phase ?? "",
        ageSince(ns.metadata.creationTimestamp, now),
      ],
    };
  },
};
