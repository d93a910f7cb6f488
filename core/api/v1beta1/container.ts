/** v1beta1 containers and probes (`livenessProbe {type:"http", httpGet{port:"8081"}}`) ⇄ v1. */
import { intOrStringFromLoose } from "../int_or_string.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import { parseQuantity } from "../quantity.ts";
import { imageTag } from "../defaults/pod_defaults.ts";

const PULL_TO_V1: Record<string, string> = {
  PullAlways: "Always",
  PullNever: "Never",
  PullIfNotPresent: "IfNotPresent",
};
const PULL_TO_V1BETA1: Record<string, string> = {
  Always: "PullAlways",
  Never: "PullNever",
  IfNotPresent: "PullIfNotPresent",
};

function copyKeys(from: JsonRecord, to: JsonRecord, keys: string[]): void {
  for (const k of keys) if (from[k] !== undefined) to[k] = from[k];
}

/** A v1 probe from a v1beta1 one (handler chosen by `type` or by which handler is present). */
export function probeFromV1beta1(p: JsonRecord): JsonRecord {
  const out: JsonRecord = {};
  const type = typeof p.type === "string" ? p.type.toLowerCase() : "";
  const port = (h: JsonRecord) => intOrStringFromLoose(h.port) ?? h.port;
  if (isRecord(p.httpGet) && (type === "" || type === "http")) {
    out.httpGet = { ...p.httpGet, port: port(p.httpGet) };
  } else if (isRecord(p.tcpSocket) && (type === "" || type === "tcp")) {
    out.tcpSocket = { ...p.tcpSocket, port: port(p.tcpSocket) };
  } else if (isRecord(p.exec)) out.exec = { ...p.exec };
  copyKeys(p, out, ["initialDelaySeconds", "timeoutSeconds", "periodSeconds"]);
  return out;
}

/** A v1beta1 probe from a v1 one; ports are printed as strings, as the seed shows them. */
export function probeToV1beta1(p: JsonRecord): JsonRecord {
  const out: JsonRecord = {};
  const handler = (h: JsonRecord, keys: string[]) => {
    const o: JsonRecord = {};
    copyKeys(h, o, keys);
    if (h.port !== undefined) o.port = String(h.port);
    return o;
  };
  if (isRecord(p.httpGet)) {
    out.type = "http";
    out.httpGet = handler(p.httpGet, ["path"]);
    if (p.httpGet.host) (out.httpGet as JsonRecord).host = p.httpGet.host;
  } else if (isRecord(p.tcpSocket)) {
    out.type = "tcp";
    out.tcpSocket = handler(p.tcpSocket, []);
  } else if (isRecord(p.exec)) {
    out.type = "exec";
    out.exec = { ...p.exec };
  }
  copyKeys(p, out, ["initialDelaySeconds"]);
  if (typeof p.timeoutSeconds === "number" && p.timeoutSeconds !== 1) {
    out.timeoutSeconds = p.timeoutSeconds;
  }
  return out;
}

/** A v1 container from a v1beta1 one (cpu millicores and memory bytes become limits). */
export function containerFromV1beta1(c: unknown): unknown {
  if (!isRecord(c)) return c;
  const out: JsonRecord = {};
  copyKeys(c, out, ["name", "image", "command", "args", "workingDir", "ports", "resources"]);
  if (Array.isArray(c.env)) {
    out.env = c.env.map((e) =>
      isRecord(e) && e.name === undefined && e.key !== undefined
        ? { name: e.key, value: e.value }
        : e
    );
  }
  if (Array.isArray(c.volumeMounts)) {
    out.volumeMounts = c.volumeMounts.map((m) =>
      isRecord(m) && m.mountPath === undefined && m.path !== undefined
        ? { name: m.name, mountPath: m.path, readOnly: m.readOnly }
        : m
    );
  }
  const limits: JsonRecord = {};
  if (typeof c.cpu === "number" && c.cpu > 0) limits.cpu = `${c.cpu}m`;
  if (typeof c.memory === "number" && c.memory > 0) limits.memory = String(c.memory);
  if (Object.keys(limits).length && out.resources === undefined) out.resources = { limits };
  for (const key of ["livenessProbe", "readinessProbe"]) {
    if (isRecord(c[key])) out[key] = probeFromV1beta1(c[key]);
  }
  if (typeof c.imagePullPolicy === "string") {
    out.imagePullPolicy = PULL_TO_V1[c.imagePullPolicy] ?? c.imagePullPolicy;
  }
  if (c.privileged === true) out.securityContext = { privileged: true };
  copyKeys(c, out, ["terminationMessagePath", "stdin", "tty"]);
  return out;
}

/** A v1beta1 container from a v1 one, leaving out what defaulting added. */
export function containerToV1beta1(c: unknown): unknown {
  if (!isRecord(c)) return c;
  const out: JsonRecord = { name: c.name, image: c.image };
  copyKeys(c, out, ["command", "args", "workingDir"]);
  if (Array.isArray(c.ports)) {
    out.ports = c.ports.map((p) => {
      if (!isRecord(p)) return p;
      const o: JsonRecord = {};
      copyKeys(p, o, ["name", "hostPort", "containerPort", "protocol", "hostIP"]);
      return o;
    });
  }
  if (Array.isArray(c.env) && c.env.length) out.env = c.env;
  if (Array.isArray(c.volumeMounts) && c.volumeMounts.length) out.volumeMounts = c.volumeMounts;
  const limits = isRecord(c.resources) && isRecord(c.resources.limits) ? c.resources.limits : {};
  try {
    if (limits.cpu !== undefined) out.cpu = Math.round(parseQuantity(String(limits.cpu)) * 1000);
    if (limits.memory !== undefined) out.memory = parseQuantity(String(limits.memory));
  } catch {
    // Unparsable quantities are left out of the v1beta1 view.
  }
  for (const key of ["livenessProbe", "readinessProbe"]) {
    if (isRecord(c[key])) out[key] = probeToV1beta1(c[key]);
  }
  if (typeof c.imagePullPolicy === "string") {
    const image = typeof c.image === "string" ? c.image : "";
    const byDefault = imageTag(image) === "latest" ? "Always" : "IfNotPresent";
    if (c.imagePullPolicy !== byDefault) {
      out.imagePullPolicy = PULL_TO_V1BETA1[c.imagePullPolicy] ?? c.imagePullPolicy;
    }
  }
  if (isRecord(c.securityContext) && c.securityContext.privileged === true) out.privileged = true;
  return out;
}
