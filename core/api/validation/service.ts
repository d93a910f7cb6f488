/** Validation of services (ports, selector, type, session affinity, cluster IPs). */
import {
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidIP,
  isValidPortNum,
} from "../name_rules.ts";
import { type Checker, child, index } from "./checker.ts";
import { SUPPORTED_PROTOCOLS } from "./container.ts";
import {
  nameRule,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object_meta.ts";
import { validatePortNumOrName } from "./probe.ts";

const TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const AFFINITIES = ["ClientIP", "None"];

function validatePort(
  c: Checker,
  port: JsonRecord,
  path: string,
  requireName: boolean,
  names: Set<string>,
  type: string | undefined,
): void {
  const name = c.str(port, "name", path);
  if (requireName && !name) c.add(fieldRequired(child(path, "name")));
  else if (name) {
    for (const msg of isDNS1123Label(name)) c.add(fieldInvalid(child(path, "name"), name, msg));
    if (names.has(name)) c.add(fieldDuplicate(child(path, "name"), name));
    names.add(name);
  }
  const num = c.int(port, "port", path);
  for (const msg of isValidPortNum(num ?? 0)) {
    c.add(fieldInvalid(child(path, "port"), num ?? 0, msg));
  }
  const protocol = c.str(port, "protocol", path);
  if (!protocol) c.add(fieldRequired(child(path, "protocol")));
  else if (!SUPPORTED_PROTOCOLS.includes(protocol)) {
    c.add(fieldNotSupported(child(path, "protocol"), protocol, SUPPORTED_PROTOCOLS));
  }
  const target = c.intOrString(port, "targetPort", path);
  if (target !== undefined) validatePortNumOrName(c, target, child(path, "targetPort"));
  const nodePort = c.int(port, "nodePort", path);
  if (nodePort && type === "ClusterIP") {
    c.add(fieldForbidden(child(path, "nodePort"), "may not be used when `type` is 'ClusterIP'"));
  }
}

/** Validates a service. */
export function validateService(c: Checker, svc: JsonRecord): void {
  validateObjectMeta(c, svc, true, nameRule(isDNS1035Label));
  const spec = c.rec(svc, "spec", "") ?? {};
  const type = c.str(spec, "type", "spec");
  if (!type) c.add(fieldRequired("spec.type"));
  else if (!TYPES.includes(type)) c.add(fieldNotSupported("spec.type", type, TYPES));
  const clusterIP = c.str(spec, "clusterIP", "spec");
  const headless = clusterIP === "None";
  const ports = c.recs(spec, "ports", "spec") ?? [];
  if (ports.length === 0 && !headless && type !== "ExternalName") {
    c.add(fieldRequired("spec.ports"));
  }
  const names = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const p = index("spec.ports", i);
    validatePort(c, port, p, ports.length > 1, names, type);
    const key = `${port.port}/${port.protocol}`;
    if (seen.has(key)) c.add(fieldDuplicate(p, key));
    seen.add(key);
  });
  const selector = c.strMap(spec, "selector", "spec");
  if (selector) validateLabels(c, selector, "spec.selector");
  const affinity = c.str(spec, "sessionAffinity", "spec");
  if (!affinity) c.add(fieldRequired("spec.sessionAffinity"));
  else if (!AFFINITIES.includes(affinity)) {
    c.add(fieldNotSupported("spec.sessionAffinity", affinity, AFFINITIES));
  }
  const clusterIPs = c.strs(spec, "clusterIPs", "spec");
  if (clusterIP && !headless) {
    for (const msg of isValidIP(clusterIP)) {
      c.add(fieldInvalid("spec.clusterIPs[0]", clusterIP, msg));
    }
  }
  if (clusterIPs && clusterIPs.length && clusterIP && clusterIPs[0] !== clusterIP) {
    c.add(fieldInvalid("spec.clusterIPs", clusterIPs, "must be consistent with spec.clusterIP"));
  }
  (c.strs(spec, "externalIPs", "spec") ?? []).forEach((ip, i) => {
    for (const msg of isValidIP(ip)) c.add(fieldInvalid(index("spec.externalIPs", i), ip, msg));
  });
  if (type === "ExternalName") {
    const externalName = c.str(spec, "externalName", "spec");
    if (!externalName) c.add(fieldRequired("spec.externalName"));
    else {
      for (const msg of isDNS1123Subdomain(externalName.replace(/\.$/, ""))) {
        c.add(fieldInvalid("spec.externalName", externalName, msg));
      }
    }
  }
}

/** Validates a service update: the cluster IP may not change once set. */
export function validateServiceUpdate(c: Checker, svc: JsonRecord, old: JsonRecord): void {
  validateService(c, svc);
  validateObjectMetaUpdate(c, svc, old);
  const now = (svc.spec as JsonRecord | undefined)?.clusterIP;
  const before = (old.spec as JsonRecord | undefined)?.clusterIP;
  const type = (svc.spec as JsonRecord | undefined)?.type;
  if (
    typeof now === "string" && now && typeof before === "string" && before && now !== before &&
    type !== "ExternalName"
  ) {
    c.add(fieldInvalid("spec.clusterIPs[0]", [now], "may not change once set"));
  }
}
