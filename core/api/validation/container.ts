/** Validation of a pod's containers: names, images, ports, env, mounts, probes, resources. */
import {
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotFound,
  fieldNotSupported,
  fieldRequired,
} from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import { isDNS1123Label, isEnvVarName, isValidPortName, isValidPortNum } from "../name_rules.ts";
import { type Checker, child, index } from "./checker.ts";
import { validateProbe } from "./probe.ts";
import { validateResources } from "./resources.ts";
import { validateMountPaths } from "./volumes.ts";

/** Port protocols Kubernetes supports, sorted as it lists them. */
export const SUPPORTED_PROTOCOLS = ["SCTP", "TCP", "UDP"];

const FIELD_REF_PATHS = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];

/** Validates a protocol field: required and one of TCP, UDP, SCTP. */
export function validateProtocol(c: Checker, obj: JsonRecord, path: string): void {
  const protocol = c.str(obj, "protocol", path);
  if (!protocol) c.add(fieldRequired(child(path, "protocol")));
  else if (!SUPPORTED_PROTOCOLS.includes(protocol)) {
    c.add(fieldNotSupported(child(path, "protocol"), protocol, SUPPORTED_PROTOCOLS));
  }
}

function validatePorts(c: Checker, ports: JsonRecord[], path: string): void {
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = index(path, i);
    const name = c.str(port, "name", p);
    if (name) {
      const msgs = isValidPortName(name);
      for (const msg of msgs) c.add(fieldInvalid(child(p, "name"), name, msg));
      if (!msgs.length && names.has(name)) c.add(fieldDuplicate(child(p, "name"), name));
      names.add(name);
    }
    const containerPort = c.int(port, "containerPort", p);
    if (!containerPort) {
      if (port.containerPort === undefined || containerPort === 0) {
        c.add(fieldRequired(child(p, "containerPort")));
      }
    } else {
      for (const msg of isValidPortNum(containerPort)) {
        c.add(fieldInvalid(child(p, "containerPort"), containerPort, msg));
      }
    }
    const hostPort = c.int(port, "hostPort", p);
    if (hostPort) {
      for (const msg of isValidPortNum(hostPort)) {
        c.add(fieldInvalid(child(p, "hostPort"), hostPort, msg));
      }
    }
    validateProtocol(c, port, p);
  });
}

function validateEnv(c: Checker, env: JsonRecord[], path: string): void {
  env.forEach((e, i) => {
    const p = index(path, i);
    const name = c.str(e, "name", p);
    if (!name) c.add(fieldRequired(child(p, "name")));
    else for (const msg of isEnvVarName(name)) c.add(fieldInvalid(child(p, "name"), name, msg));
    c.str(e, "value", p);
    const from = c.rec(e, "valueFrom", p);
    if (!from) return;
    const fromPath = child(p, "valueFrom");
    if (typeof e.value === "string" && e.value !== "") {
      c.add(fieldInvalid(fromPath, "", "may not be specified when `value` is not empty"));
    }
    const sources = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"].filter(
      (k) => c.rec(from, k, fromPath) !== undefined,
    );
    if (sources.length === 0) {
      c.add(
        fieldInvalid(
          fromPath,
          "",
          "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        ),
      );
    } else if (sources.length > 1) {
      c.add(fieldInvalid(fromPath, "", "may not have more than one field specified at a time"));
    }
    const fieldRef = c.rec(from, "fieldRef", fromPath);
    if (fieldRef) {
      const refPath = child(fromPath, "fieldRef");
      if (!c.str(fieldRef, "apiVersion", refPath)) {
        c.add(fieldRequired(child(refPath, "apiVersion")));
      }
      const fieldPath = c.str(fieldRef, "fieldPath", refPath);
      if (!fieldPath) c.add(fieldRequired(child(refPath, "fieldPath")));
      else if (
        !FIELD_REF_PATHS.includes(fieldPath) &&
        !/^metadata\.(labels|annotations)\['[^']+'\]$/.test(fieldPath)
      ) {
        c.add(fieldNotSupported(child(refPath, "fieldPath"), fieldPath, FIELD_REF_PATHS));
      }
    }
    for (const kind of ["configMapKeyRef", "secretKeyRef"]) {
      const ref = c.rec(from, kind, fromPath);
      if (ref && !c.str(ref, "key", child(fromPath, kind))) {
        c.add(fieldRequired(child(child(fromPath, kind), "key")));
      }
    }
    const resRef = c.rec(from, "resourceFieldRef", fromPath);
    if (resRef && !c.str(resRef, "resource", child(fromPath, "resourceFieldRef"))) {
      c.add(fieldRequired(child(child(fromPath, "resourceFieldRef"), "resource")));
    }
  });
}

function validateEnvFrom(c: Checker, envFrom: JsonRecord[], path: string): void {
  envFrom.forEach((e, i) => {
    const p = index(path, i);
    const prefix = c.str(e, "prefix", p);
    if (prefix) {
      for (const msg of isEnvVarName(prefix)) c.add(fieldInvalid(child(p, "prefix"), prefix, msg));
    }
    const kinds = ["configMapRef", "secretRef"].filter((k) => c.rec(e, k, p) !== undefined);
    if (kinds.length !== 1) {
      c.add(fieldInvalid(p, "", "must specify one of: `configMapRef` or `secretRef`"));
      return;
    }
    const ref = e[kinds[0]] as JsonRecord;
    if (!c.str(ref, "name", child(p, kinds[0]))) {
      c.add(fieldRequired(child(child(p, kinds[0]), "name")));
    }
    c.bool(ref, "optional", child(p, kinds[0]));
  });
}

function validateMounts(
  c: Checker,
  mounts: JsonRecord[],
  volumes: Set<string>,
  path: string,
): void {
  const mountPaths = new Set<string>();
  mounts.forEach((m, i) => {
    const p = index(path, i);
    const name = c.str(m, "name", p);
    if (!name) c.add(fieldRequired(child(p, "name")));
    else if (!volumes.has(name)) c.add(fieldNotFound(child(p, "name"), name));
    const mountPath = c.str(m, "mountPath", p);
    if (!mountPath) c.add(fieldRequired(child(p, "mountPath")));
    else if (mountPaths.has(mountPath)) {
      c.add(fieldInvalid(child(p, "mountPath"), mountPath, "must be unique"));
    }
    if (mountPath) mountPaths.add(mountPath);
    c.bool(m, "readOnly", p);
    validateMountPaths(c, m, p);
  });
}

function validateEnum(
  c: Checker,
  obj: JsonRecord,
  key: string,
  path: string,
  values: string[],
): void {
  const v = c.str(obj, key, path);
  if (v === undefined) return;
  if (v === "") c.add(fieldRequired(child(path, key)));
  else if (!values.includes(v)) c.add(fieldNotSupported(child(path, key), v, values));
}

/** Validates one container at `path`; `names` collects container names for duplicates. */
export function validateContainer(
  c: Checker,
  ctr: JsonRecord,
  path: string,
  names: Set<string>,
  volumes: Set<string>,
  probes: boolean,
): void {
  const name = c.str(ctr, "name", path);
  if (!name) c.add(fieldRequired(child(path, "name")));
  else {
    for (const msg of isDNS1123Label(name)) c.add(fieldInvalid(child(path, "name"), name, msg));
    if (names.has(name)) c.add(fieldDuplicate(child(path, "name"), name));
    names.add(name);
  }
  const image = c.str(ctr, "image", path);
  if (!image) c.add(fieldRequired(child(path, "image")));
  else if (image.trim() !== image) {
    c.add(
      fieldInvalid(child(path, "image"), image, "must not have leading or trailing whitespace"),
    );
  }
  c.strs(ctr, "command", path);
  c.strs(ctr, "args", path);
  c.str(ctr, "workingDir", path);
  validateEnum(c, ctr, "imagePullPolicy", path, ["Always", "IfNotPresent", "Never"]);
  validateEnum(c, ctr, "terminationMessagePolicy", path, ["File", "FallbackToLogsOnError"]);
  validatePorts(c, c.recs(ctr, "ports", path) ?? [], child(path, "ports"));
  validateEnv(c, c.recs(ctr, "env", path) ?? [], child(path, "env"));
  validateEnvFrom(c, c.recs(ctr, "envFrom", path) ?? [], child(path, "envFrom"));
  validateMounts(c, c.recs(ctr, "volumeMounts", path) ?? [], volumes, child(path, "volumeMounts"));
  const resources = c.rec(ctr, "resources", path);
  if (resources) validateResources(c, resources, child(path, "resources"));
  for (const kind of ["liveness", "readiness", "startup"] as const) {
    const key = `${kind}Probe`;
    const probe = c.rec(ctr, key, path);
    if (!probe) continue;
    if (!probes) {
      c.add(
        fieldForbidden(
          child(path, key),
          "may not be set for init containers without restartPolicy=Always",
        ),
      );
    } else validateProbe(c, probe, child(path, key), kind);
  }
}
