/**
 * apps/v1 ReplicaSet (`rs`): a replication controller with a LabelSelector object, usually
 * owned by a Deployment. Printed NAME, DESIRED, CURRENT, READY, AGE like kube-apiserver.
 */
import { declareKind } from "./kind_declaration.ts";
import { countColumn, WIDE_WORKLOAD_COLUMNS } from "./apps_workload_columns.ts";
import {
  ageColumn,
  defaultTemplate,
  scalableSubresources,
  selectorImmutable,
  validateCounts,
  validateSelectedTemplate,
  workloadBehaviour,
} from "./workload_common.ts";

/** ReplicaSet of apps/v1. */
export const REPLICA_SET_KIND = declareKind({
  group: "apps",
  version: "v1",
  resource: "replicasets",
  kind: "ReplicaSet",
  namespaced: true,
  shortNames: ["rs"],
  categories: ["all"],
  subresources: scalableSubresources("ReplicaSet"),
  fields: ["spec", "status"],
  columns: [
    countColumn("Desired", "spec", "replicas", "Number of desired pods."),
    countColumn("Current", "status", "replicas", "Number of pods created."),
    countColumn("Ready", "status", "readyReplicas", "Number of ready pods."),
    ageColumn("replica set"),
    ...WIDE_WORKLOAD_COLUMNS,
  ],
  behaviour: workloadBehaviour(
    (_obj, spec) => {
      if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
      defaultTemplate(spec.template);
    },
    (c, spec, _obj, old) => {
      validateCounts(c, spec, ["replicas", "minReadySeconds"]);
      validateSelectedTemplate(c, spec, "ReplicaSet");
      selectorImmutable(c, spec, old);
    },
  ),
});
