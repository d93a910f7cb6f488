/**
 * Validation of endpoints. Unlike Kubernetes, loopback addresses are allowed: on one machine
 * (mesos-local) a pod's host port is reached at 127.0.0.1.
 */
import { fieldInvalid, fieldRequired } from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import { isDNS1123Label, isDNS1123Subdomain, isValidIP, isValidPortNum } from "../name_rules.ts";
import { type Checker, child, index } from "./checker.ts";
import { validateProtocol } from "./container.ts";
import { nameRule, validateObjectMeta } from "./object_meta.ts";

function validateAddress(c: Checker, addr: JsonRecord, path: string): void {
  const ip = c.str(addr, "ip", path) ?? "";
  for (const msg of isValidIP(ip)) c.add(fieldInvalid(child(path, "ip"), ip, msg));
  const hostname = c.str(addr, "hostname", path);
  if (hostname) {
    for (const msg of isDNS1123Label(hostname)) {
      c.add(fieldInvalid(child(path, "hostname"), hostname, msg));
    }
  }
  const nodeName = c.str(addr, "nodeName", path);
  if (nodeName) {
    for (const msg of isDNS1123Subdomain(nodeName)) {
      c.add(fieldInvalid(child(path, "nodeName"), nodeName, msg));
    }
  }
  c.rec(addr, "targetRef", path);
}

function validatePort(c: Checker, port: JsonRecord, path: string, requireName: boolean): void {
  const name = c.str(port, "name", path);
  if (requireName && !name) c.add(fieldRequired(child(path, "name")));
  else if (name) {
    for (const msg of isDNS1123Label(name)) c.add(fieldInvalid(child(path, "name"), name, msg));
  }
  const num = c.int(port, "port", path) ?? 0;
  for (const msg of isValidPortNum(num)) c.add(fieldInvalid(child(path, "port"), num, msg));
  validateProtocol(c, port, path);
}

/** Validates endpoints: every subset has addresses, valid IPs and ports. */
export function validateEndpoints(c: Checker, ep: JsonRecord): void {
  validateObjectMeta(c, ep, true, nameRule(isDNS1123Subdomain));
  (c.recs(ep, "subsets", "") ?? []).forEach((subset, i) => {
    const p = index("subsets", i);
    const addresses = c.recs(subset, "addresses", p) ?? [];
    const notReady = c.recs(subset, "notReadyAddresses", p) ?? [];
    if (addresses.length === 0 && notReady.length === 0) {
      c.add(fieldRequired(p, "must specify `addresses` or `notReadyAddresses`"));
    }
    addresses.forEach((a, j) => validateAddress(c, a, index(child(p, "addresses"), j)));
    notReady.forEach((a, j) => validateAddress(c, a, index(child(p, "notReadyAddresses"), j)));
    const ports = c.recs(subset, "ports", p) ?? [];
    ports.forEach((port, j) =>
      validatePort(c, port, index(child(p, "ports"), j), ports.length > 1)
    );
  });
}
