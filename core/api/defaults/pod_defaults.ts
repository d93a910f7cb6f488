/** Kubernetes' defaults for pods, pod specs and containers (core/v1 SetDefaults_*). */
import { isRecord, type JsonRecord } from "../json_value.ts";
import { VOLUME_SOURCES } from "../types/volume.ts";

function setIfMissing(obj: JsonRecord, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === "") obj[key] = value;
}

function records(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** The tag of an image reference ("latest" when neither tag nor digest is given). */
export function imageTag(image: string): string {
  if (image.includes("@")) return "";
  const lastSlash = image.lastIndexOf("/");
  const last = image.slice(lastSlash + 1);
  const colon = last.lastIndexOf(":");
  return colon >= 0 ? last.slice(colon + 1) : "latest";
}

/** Defaults a probe in place: timing, thresholds, httpGet path and scheme. */
export function defaultProbe(probe: JsonRecord): void {
  setIfMissing(probe, "timeoutSeconds", 1);
  setIfMissing(probe, "periodSeconds", 10);
  setIfMissing(probe, "successThreshold", 1);
  setIfMissing(probe, "failureThreshold", 3);
  const httpGet = probe.httpGet;
  if (isRecord(httpGet)) {
    setIfMissing(httpGet, "path", "/");
    setIfMissing(httpGet, "scheme", "HTTP");
  }
}

/** Defaults a container in place: pull policy, termination message, port protocols, probes. */
export function defaultContainer(c: JsonRecord): void {
  if (c.imagePullPolicy === undefined || c.imagePullPolicy === "") {
    const image = typeof c.image === "string" ? c.image : "";
    c.imagePullPolicy = imageTag(image) === "latest" ? "Always" : "IfNotPresent";
  }
  setIfMissing(c, "terminationMessagePath", "/dev/termination-log");
  setIfMissing(c, "terminationMessagePolicy", "File");
  if (c.resources === undefined || c.resources === null) c.resources = {};
  for (const port of records(c.ports)) setIfMissing(port, "protocol", "TCP");
  for (const key of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    const probe = c[key];
    if (isRecord(probe)) defaultProbe(probe);
  }
  for (const env of records(c.env)) {
    const fieldRef = isRecord(env.valueFrom) ? env.valueFrom.fieldRef : undefined;
    if (isRecord(fieldRef)) setIfMissing(fieldRef, "apiVersion", "v1");
  }
}

/** Defaults a pod spec in place (also used for controller templates). */
export function defaultPodSpec(spec: JsonRecord): void {
  setIfMissing(spec, "dnsPolicy", "ClusterFirst");
  setIfMissing(spec, "restartPolicy", "Always");
  if (spec.terminationGracePeriodSeconds === undefined) spec.terminationGracePeriodSeconds = 30;
  if (!isRecord(spec.securityContext)) spec.securityContext = {};
  setIfMissing(spec, "schedulerName", "default-scheduler");
  for (const v of records(spec.volumes)) {
    // A volume naming no source at all is an emptyDir; one naming a source k8sm does not know
    // stays as written, so validation refuses it ("must specify a volume type").
    const keys = Object.keys(v).filter((k) => k !== "name");
    if (keys.length === 0 && !VOLUME_SOURCES.some((s) => v[s] !== undefined)) v.emptyDir = {};
  }
  const containers = [...records(spec.initContainers), ...records(spec.containers)];
  for (const c of containers) {
    if (spec.hostNetwork === true) {
      for (const port of records(c.ports)) {
        if (port.hostPort === undefined || port.hostPort === 0) port.hostPort = port.containerPort;
      }
    }
    defaultContainer(c);
  }
}

/** Copies limits to requests where a resource has a limit but no request (SetDefaults_Pod). */
function defaultRequestsFromLimits(c: JsonRecord): void {
  const resources = c.resources;
  if (!isRecord(resources) || !isRecord(resources.limits)) return;
  const requests = isRecord(resources.requests) ? resources.requests : {};
  for (const [name, limit] of Object.entries(resources.limits)) {
    if (requests[name] === undefined) requests[name] = limit;
  }
  if (Object.keys(requests).length) resources.requests = requests;
}

/** Defaults a whole pod in place. */
export function defaultPod(pod: JsonRecord): void {
  const spec = pod.spec;
  if (!isRecord(spec)) return;
  defaultPodSpec(spec);
  setIfMissing(spec, "enableServiceLinks", true);
  for (const c of [...records(spec.initContainers), ...records(spec.containers)]) {
    defaultRequestsFromLimits(c);
  }
}
