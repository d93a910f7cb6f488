/** The fields each kind can be selected by with a field selector, and their values. */
import type { KubeObject } from "./object.ts";
import { valueAt } from "./json_value.ts";
import { KIND_DECLARATIONS } from "./groups/declared_resources.ts";

const COMMON = ["metadata.name", "metadata.namespace"];

const BY_KIND: Record<string, string[]> = {
  Pod: [
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
  ],
  Event: [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
  ],
  Node: ["spec.unschedulable"],
  Namespace: ["status.phase"],
  ReplicationController: ["status.replicas"],
};

/** The field selector labels a kind supports (others get 400 `field label not supported`). */
export function supportedFieldSelectors(kind: string): string[] {
  return [...COMMON, ...(BY_KIND[kind] ?? Object.keys(declaredSelectors(kind) ?? {}))];
}

/** The extra selectable fields a kind declared under core/api/groups names, if any. */
function declaredSelectors(kind: string): Record<string, (obj: KubeObject) => string> | undefined {
  if (kind in BY_KIND) return undefined;
  return KIND_DECLARATIONS.find((d) => d.info.kind === kind)?.selectableFields;
}

function text(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return "";
}

/** The selectable fields of an object, by its kind (always metadata.name/namespace). */
export function objectFields(obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = {
    "metadata.name": obj.metadata?.name ?? "",
    "metadata.namespace": obj.metadata?.namespace ?? "",
  };
  switch (obj.kind) {
    case "Pod":
      for (const f of BY_KIND.Pod) fields[f] = text(valueAt(obj, ...f.split(".")));
      fields["spec.hostNetwork"] = String(valueAt(obj, "spec", "hostNetwork") === true);
      break;
    case "Event":
      for (const f of BY_KIND.Event) {
        if (f.startsWith("involvedObject.")) fields[f] = text(valueAt(obj, ...f.split(".")));
      }
      fields["reason"] = text(obj.reason);
      fields["reportingComponent"] = text(obj.reportingComponent);
      fields["source"] = text(valueAt(obj, "source", "component"));
      fields["type"] = text(obj.type);
      break;
    case "Node":
      fields["spec.unschedulable"] = String(valueAt(obj, "spec", "unschedulable") === true);
      break;
    case "Namespace":
      fields["status.phase"] = text(valueAt(obj, "status", "phase"));
      break;
    case "ReplicationController":
      fields["status.replicas"] = String(valueAt(obj, "status", "replicas") ?? 0);
      break;
    default:
      for (const [f, read] of Object.entries(declaredSelectors(obj.kind ?? "") ?? {})) {
        fields[f] = read(obj);
      }
  }
  return fields;
}
