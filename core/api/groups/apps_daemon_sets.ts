/**
 * apps/v1 DaemonSet (`ds`): one pod on every node its template's nodeSelector and required node
 * affinity admit. Defaults as kube's (RollingUpdate with maxUnavailable 1, revisionHistoryLimit
 * 10); printed NAME, DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE, NODE SELECTOR, AGE.
 */
import { fieldNotSupported } from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import type { DaemonSet } from "../types/apps.ts";
import { declareKind } from "./kind_declaration.ts";
import { countColumn, WIDE_WORKLOAD_COLUMNS } from "./apps_workload_columns.ts";
import {
  ageColumn,
  defaultTemplate,
  selectorImmutable,
  statusSubresource,
  validateCounts,
  validateSelectedTemplate,
  workloadBehaviour,
} from "./workload_common.ts";

function defaultDaemonSet(spec: JsonRecord): void {
  const strategy: JsonRecord = isRecord(spec.updateStrategy) ? spec.updateStrategy : {};
  strategy.type ??= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru: JsonRecord = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
    strategy.rollingUpdate = ru;
  }
  spec.updateStrategy = strategy;
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template);
}

const column = (name: string, key: string, description: string) =>
  countColumn(name, "status", key, description);

/** DaemonSet of apps/v1. */
export const DAEMON_SET_KIND = declareKind({
  group: "apps",
  version: "v1",
  resource: "daemonsets",
  kind: "DaemonSet",
  namespaced: true,
  shortNames: ["ds"],
  categories: ["all"],
  subresources: statusSubresource("DaemonSet"),
  fields: ["spec", "status"],
  columns: [
    column("Desired", "desiredNumberScheduled", "Nodes that should run the daemon pod."),
    column("Current", "currentNumberScheduled", "Nodes running the daemon pod."),
    column("Ready", "numberReady", "Nodes whose daemon pod is ready."),
    column("Up-to-date", "updatedNumberScheduled", "Nodes running the current template."),
    column("Available", "numberAvailable", "Nodes whose daemon pod is available."),
    {
      name: "Node Selector",
      type: "string",
      description: "The node selector of the template.",
      cell: (obj) => {
        const sel = (obj as DaemonSet).spec?.template?.spec?.nodeSelector ?? {};
        const text = Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(",");
        return text || "<none>";
      },
    },
    ageColumn("daemon set"),
    ...WIDE_WORKLOAD_COLUMNS,
  ],
  behaviour: workloadBehaviour(
    (_obj, spec) => defaultDaemonSet(spec),
    (c, spec, _obj, old) => {
      validateCounts(c, spec, ["minReadySeconds", "revisionHistoryLimit"]);
      validateSelectedTemplate(c, spec, "DaemonSet");
      const strategy = c.rec(spec, "updateStrategy", "spec");
      const type = strategy && c.str(strategy, "type", "spec.updateStrategy");
      if (type && type !== "RollingUpdate" && type !== "OnDelete") {
        c.add(fieldNotSupported("spec.updateStrategy.type", type, ["OnDelete", "RollingUpdate"]));
      }
      selectorImmutable(c, spec, old);
    },
  ),
});
