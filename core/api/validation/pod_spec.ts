/** Validation of a pod spec (pods and controller templates). */
import { fieldDuplicate, fieldInvalid, fieldNotSupported, fieldRequired } from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from "../name_rules.ts";
import { type Checker, child, index } from "./checker.ts";
import { validateContainer } from "./container.ts";
import { validateVolumes } from "./volumes.ts";
import { validateLabels } from "./object_meta.ts";

/** The restart policies, in Kubernetes' order. */
export const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

function validateEnumValue(
  c: Checker,
  spec: JsonRecord,
  key: string,
  path: string,
  values: string[],
) {
  const v = c.str(spec, key, path);
  if (v === undefined || v === "") c.add(fieldRequired(child(path, key)));
  else if (!values.includes(v)) c.add(fieldNotSupported(child(path, key), v, values));
}

function validateTolerations(c: Checker, tolerations: JsonRecord[], path: string): void {
  tolerations.forEach((t, i) => {
    const p = index(path, i);
    const key = c.str(t, "key", p);
    if (key) {
      for (const msg of isQualifiedName(key)) c.add(fieldInvalid(child(p, "key"), key, msg));
    }
    const op = c.str(t, "operator", p);
    if (op && op !== "Equal" && op !== "Exists") {
      c.add(fieldNotSupported(child(p, "operator"), op, ["Equal", "Exists"]));
    }
    const value = c.str(t, "value", p);
    if (op === "Exists" && value) {
      c.add(
        fieldInvalid(
          child(p, "operator"),
          value,
          "value must be empty when `operator` is 'Exists'",
        ),
      );
    }
    if (!key && op !== "Exists") {
      c.add(
        fieldInvalid(
          child(p, "operator"),
          op ?? "",
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    const effect = c.str(t, "effect", p);
    if (effect && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(effect)) {
      c.add(
        fieldNotSupported(child(p, "effect"), effect, [
          "NoExecute",
          "NoSchedule",
          "PreferNoSchedule",
        ]),
      );
    }
    c.int(t, "tolerationSeconds", p);
  });
}

function validateOptionalName(
  c: Checker,
  spec: JsonRecord,
  key: string,
  path: string,
  rule: (s: string) => string[],
) {
  const v = c.str(spec, key, path);
  if (v) { for (const msg of rule(v)) c.add(fieldInvalid(child(path, key), v, msg)); }
}

/** Validates a pod spec at `path` (`spec`, or `spec.template.spec` for controllers). */
export function validatePodSpec(c: Checker, spec: JsonRecord, path: string): void {
  const volumes = validateVolumes(c, c.recs(spec, "volumes", path) ?? [], child(path, "volumes"));
  const names = new Set<string>();
  const initContainers = c.recs(spec, "initContainers", path) ?? [];
  initContainers.forEach((ctr, i) =>
    validateContainer(c, ctr, index(child(path, "initContainers"), i), names, volumes, false)
  );
  const containers = c.recs(spec, "containers", path);
  if (!containers || containers.length === 0) c.add(fieldRequired(child(path, "containers")));
  (containers ?? []).forEach((ctr, i) =>
    validateContainer(c, ctr, index(child(path, "containers"), i), names, volumes, true)
  );
  validateHostPorts(c, containers ?? [], child(path, "containers"));
  validateEnumValue(c, spec, "restartPolicy", path, RESTART_POLICIES);
  validateEnumValue(c, spec, "dnsPolicy", path, DNS_POLICIES);
  const nodeSelector = c.strMap(spec, "nodeSelector", path);
  if (nodeSelector) validateLabels(c, nodeSelector, child(path, "nodeSelector"));
  validateOptionalName(c, spec, "serviceAccountName", path, isDNS1123Subdomain);
  validateOptionalName(c, spec, "nodeName", path, isDNS1123Subdomain);
  validateOptionalName(c, spec, "schedulerName", path, isDNS1123Subdomain);
  validateOptionalName(c, spec, "hostname", path, isDNS1123Label);
  validateOptionalName(c, spec, "subdomain", path, isDNS1123Label);
  const deadline = c.int(spec, "activeDeadlineSeconds", path);
  if (deadline !== undefined && (deadline < 1 || deadline > 4294967295)) {
    c.add(
      fieldInvalid(
        child(path, "activeDeadlineSeconds"),
        deadline,
        "must be between 1 and 4294967295, inclusive",
      ),
    );
  }
  c.int(spec, "terminationGracePeriodSeconds", path);
  for (const key of ["hostNetwork", "hostPID", "hostIPC", "enableServiceLinks"]) {
    c.bool(spec, key, path);
  }
  c.rec(spec, "securityContext", path);
  validateTolerations(c, c.recs(spec, "tolerations", path) ?? [], child(path, "tolerations"));
  if (spec.hostNetwork === true) {
    (containers ?? []).forEach((ctr, ci) => {
      const ports = Array.isArray(ctr.ports) ? ctr.ports as JsonRecord[] : [];
      ports.forEach((port, pi) => {
        if (port.hostPort !== undefined && port.hostPort !== port.containerPort) {
          c.add(
            fieldInvalid(
              `${index(child(path, "containers"), ci)}.ports[${pi}].containerPort`,
              port.containerPort,
              "must match `hostPort` when `hostNetwork` is true",
            ),
          );
        }
      });
    });
  }
}

/** Two container ports may not claim the same host port, protocol and host IP. */
function validateHostPorts(c: Checker, containers: JsonRecord[], path: string): void {
  const seen = new Set<string>();
  containers.forEach((ctr, ci) => {
    if (!Array.isArray(ctr.ports)) return;
    ctr.ports.forEach((port: unknown, pi: number) => {
      if (typeof port !== "object" || port === null) return;
      const { hostPort, protocol, hostIP } = port as JsonRecord;
      if (typeof hostPort !== "number" || hostPort === 0) return;
      const key = `${protocol ?? "TCP"}/${hostIP ?? ""}/${hostPort}`;
      if (seen.has(key)) {
        c.add(fieldDuplicate(`${index(path, ci)}.ports[${pi}].hostPort`, key));
      }
      seen.add(key);
    });
  });
}
