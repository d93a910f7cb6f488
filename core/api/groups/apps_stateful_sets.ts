/**
 * apps/v1 StatefulSet (`sts`): pods with stable ordinal names (`web-0`, `web-1`…) and
 * hostnames under the headless Service `serviceName`. Defaults as kube's (replicas 1,
 * OrderedReady, RollingUpdate with partition 0, revisionHistoryLimit 10); printed NAME,
 * READY, AGE.
 */
import { fieldInvalid, fieldNotSupported } from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import { declareKind } from "./kind_declaration.ts";
import { count, WIDE_WORKLOAD_COLUMNS } from "./apps_workload_columns.ts";
import {
  ageColumn,
  defaultTemplate,
  scalableSubresources,
  selectorImmutable,
  validateCounts,
  validateSelectedTemplate,
  workloadBehaviour,
} from "./workload_common.ts";

function defaultStatefulSet(spec: JsonRecord): void {
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  spec.podManagementPolicy ??= "OrderedReady";
  const strategy: JsonRecord = isRecord(spec.updateStrategy) ? spec.updateStrategy : {};
  strategy.type ??= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru: JsonRecord = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    ru.partition ??= 0;
    strategy.rollingUpdate = ru;
  }
  spec.updateStrategy = strategy;
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template);
}

/** StatefulSet of apps/v1. */
export const STATEFUL_SET_KIND = declareKind({
  group: "apps",
  version: "v1",
  resource: "statefulsets",
  kind: "StatefulSet",
  namespaced: true,
  shortNames: ["sts"],
  categories: ["all"],
  subresources: scalableSubresources("StatefulSet"),
  fields: ["spec", "status"],
  columns: [
    {
      name: "Ready",
      type: "string",
      description: "Number of the ready pods over the desired ones.",
      cell: (obj) => `${count(obj, "status", "readyReplicas")}/${count(obj, "spec", "replicas")}`,
    },
    ageColumn("stateful set"),
    ...WIDE_WORKLOAD_COLUMNS,
  ],
  behaviour: workloadBehaviour(
    (_obj, spec) => defaultStatefulSet(spec),
    (c, spec, _obj, old) => {
      validateCounts(c, spec, ["replicas", "minReadySeconds", "revisionHistoryLimit"]);
      validateSelectedTemplate(c, spec, "StatefulSet");
      const policy = c.str(spec, "podManagementPolicy", "spec");
      if (policy && policy !== "OrderedReady" && policy !== "Parallel") {
        c.add(fieldNotSupported("spec.podManagementPolicy", policy, ["OrderedReady", "Parallel"]));
      }
      const strategy = c.rec(spec, "updateStrategy", "spec");
      const ru = strategy && c.rec(strategy, "rollingUpdate", "spec.updateStrategy");
      const partition = ru && c.int(ru, "partition", "spec.updateStrategy.rollingUpdate");
      if (partition !== undefined && partition !== null && partition < 0) {
        c.add(
          fieldInvalid(
            "spec.updateStrategy.rollingUpdate.partition",
            partition,
            "must be greater than or equal to 0",
          ),
        );
      }
      c.str(spec, "serviceName", "spec");
      selectorImmutable(c, spec, old);
    },
  ),
});
