/**
 * The seed's v1beta1 Service (`port`, `containerPort`, `selector`, `portalIP`, `protocol`) ⇄ v1.
 * `createExternalLoadBalancer` is accepted and ignored.
 */
import type { KubeObject } from "../object.ts";
import { intOrStringFromLoose } from "../int_or_string.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";
import { metaFromV1beta1, metaToV1beta1 } from "./meta.ts";

function portFromV1beta1(p: JsonRecord, protocol: unknown): JsonRecord {
  const out: JsonRecord = {};
  if (typeof p.name === "string" && p.name) out.name = p.name;
  out.port = p.port;
  out.protocol = typeof p.protocol === "string" && p.protocol ? p.protocol : protocol ?? "TCP";
  const target = p.containerPort ?? p.targetPort;
  if (target !== undefined && target !== 0 && target !== "") {
    out.targetPort = intOrStringFromLoose(target) ?? target;
  }
  return out;
}

/** A v1 Service from a v1beta1 body. */
export function serviceFromV1beta1(body: JsonRecord): KubeObject {
  const spec: JsonRecord = {};
  if (Array.isArray(body.ports) && body.ports.length) {
    spec.ports = body.ports.map((p) => isRecord(p) ? portFromV1beta1(p, body.protocol) : p);
  } else if (body.port !== undefined) {
    spec.ports = [portFromV1beta1(body, body.protocol)];
  }
  if (body.selector !== undefined) spec.selector = body.selector;
  if (typeof body.portalIP === "string" && body.portalIP) spec.clusterIP = body.portalIP;
  if (typeof body.sessionAffinity === "string") spec.sessionAffinity = body.sessionAffinity;
  if (Array.isArray(body.publicIPs) && body.publicIPs.length) spec.externalIPs = body.publicIPs;
  return { kind: "Service", apiVersion: "v1", metadata: metaFromV1beta1(body), spec };
}

/** The seed's v1beta1 view of a v1 Service (first port flat, all ports in `ports`). */
export function serviceToV1beta1(svc: KubeObject): JsonRecord {
  const out = metaToV1beta1("Service", svc.metadata);
  const spec = isRecord(svc.spec) ? svc.spec : {};
  const ports = Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : [];
  const first = ports[0];
  if (first) {
    out.port = first.port;
    out.protocol = first.protocol ?? "TCP";
  }
  if (isRecord(spec.selector)) out.selector = spec.selector;
  if (first) out.containerPort = first.targetPort ?? first.port;
  if (typeof spec.clusterIP === "string" && spec.clusterIP) out.portalIP = spec.clusterIP;
  if (typeof spec.sessionAffinity === "string") out.sessionAffinity = spec.sessionAffinity;
  if (Array.isArray(spec.externalIPs) && spec.externalIPs.length) out.publicIPs = spec.externalIPs;
  if (ports.length > 1) {
    out.ports = ports.map((p) => ({
      name: p.name ?? "",
      port: p.port,
      protocol: p.protocol ?? "TCP",
      containerPort: p.targetPort ?? p.port,
    }));
  }
  return out;
}
