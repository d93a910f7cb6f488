/**
 * The ReplicaSet controller: the replica loop (replica_controller.ts) over apps/v1
 * ReplicaSets, whose selector is a LabelSelector object.
 */
import { selectorFromObject } from "../api/label_selector_object.ts";
import type { ReplicaSet } from "../api/types/apps.ts";
import type { ReplicaKind } from "./replica_controller.ts";

/** How the replica loop sees a ReplicaSet. */
export const RS_REPLICA_KIND: ReplicaKind<ReplicaSet> = {
  kind: "ReplicaSet",
  apiVersion: "apps/v1",
  resource: "replicasets",
  component: "replicaset-controller",
  selector: (rs) => selectorFromObject(rs.spec?.selector),
};
