/**
 * Request bodies in Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`),
 * which kubectl's typed clients send for `kubectl create namespace|service|serviceaccount|
 * role|rolebinding|clusterrole|clusterrolebinding`: the `k8s\0` envelope around a
 * runtime.Unknown, decoded to the object's JSON.
 * Only the kinds those commands create are described; others get a 415 asking for JSON.
 */

import { authKindMessages } from "./auth_kinds_protobuf.ts";
import * as errors from "../../api/status.ts";
import { decodeMessage, ProtoDecodeError, type ProtoMessage } from "./proto_wire.ts";
import { declaredKindMessages } from "./declared_kinds_protobuf.ts";
import { workloadKindMessages } from "./workload_kinds_protobuf.ts";

/** The protobuf media type of Kubernetes objects. */
export const KUBE_PROTOBUF = "application/vnd.kubernetes.protobuf";

const s = (name: string) => ({ name, type: "string" as const });
const list = (name: string) => ({ name, type: "string" as const, repeated: true });
const int = (name: string) => ({ name, type: "int" as const });
const bool = (name: string) => ({ name, type: "bool" as const });
const msg = (name: string, message: ProtoMessage, repeated = false) => ({
  name,
  type: { message },
  repeated,
});

const OWNER_REFERENCE: ProtoMessage = {
  1: s("kind"),
  3: s("name"),
  4: s("uid"),
  5: s("apiVersion"),
  6: bool("controller"),
  7: bool("blockOwnerDeletion"),
};

const OBJECT_META: ProtoMessage = {
  1: s("name"),
  2: s("generateName"),
  3: s("namespace"),
  4: s("selfLink"),
  5: s("uid"),
  6: s("resourceVersion"),
  7: int("generation"),
  8: { name: "creationTimestamp", type: "time" },
  9: { name: "deletionTimestamp", type: "time" },
  10: int("deletionGracePeriodSeconds"),
  11: { name: "labels", type: { map: "string" } },
  12: { name: "annotations", type: { map: "string" } },
  13: msg("ownerReferences", OWNER_REFERENCE, true),
  14: list("finalizers"),
};

const CONDITION: ProtoMessage = {
  1: s("type"),
  2: s("status"),
  4: { name: "lastTransitionTime", type: "time" },
  5: s("reason"),
  6: s("message"),
};

const NAMESPACE: ProtoMessage = {
  1: msg("metadata", OBJECT_META),
  2: msg("spec", { 1: list("finalizers") }),
  3: msg("status", { 1: s("phase"), 2: msg("conditions", CONDITION, true) }),
};

const SERVICE_PORT: ProtoMessage = {
  1: s("name"),
  2: s("protocol"),
  3: int("port"),
  4: { name: "targetPort", type: "intOrString" },
  5: int("nodePort"),
  6: s("appProtocol"),
};

const SERVICE: ProtoMessage = {
  1: msg("metadata", OBJECT_META),
  2: msg("spec", {
    1: msg("ports", SERVICE_PORT, true),
    2: { name: "selector", type: { map: "string" } },
    3: s("clusterIP"),
    4: s("type"),
    5: list("externalIPs"),
    7: s("sessionAffinity"),
    8: s("loadBalancerIP"),
    9: list("loadBalancerSourceRanges"),
    10: s("externalName"),
    11: s("externalTrafficPolicy"),
    12: int("healthCheckNodePort"),
    13: bool("publishNotReadyAddresses"),
    14: msg("sessionAffinityConfig", { 1: msg("clientIP", { 1: int("timeoutSeconds") }) }),
    17: s("ipFamilyPolicy"),
    18: list("clusterIPs"),
    19: list("ipFamilies"),
    20: bool("allocateLoadBalancerNodePorts"),
    21: s("loadBalancerClass"),
    22: s("internalTrafficPolicy"),
    23: s("trafficDistribution"),
  }),
  3: msg("status", {
    1: msg("loadBalancer", {
      1: msg("ingress", { 1: s("ip"), 2: s("hostname"), 3: s("ipMode") }, true),
    }),
    2: msg("conditions", CONDITION, true),
  }),
};

const KINDS: Record<string, ProtoMessage> = {
  Namespace: NAMESPACE,
  Service: SERVICE,
  ...declaredKindMessages(OBJECT_META),
  ...authKindMessages(OBJECT_META),
  ...workloadKindMessages(OBJECT_META),
};

const UNKNOWN: ProtoMessage = {
  1: msg("typeMeta", { 1: s("apiVersion"), 2: s("kind") }),
  2: { name: "raw", type: "bytes" },
};

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** Decodes a `k8s\0`-framed protobuf object into its JSON form (with apiVersion and kind). */
export function decodeKubeProtobuf(bytes: Uint8Array): Record<string, unknown> {
  if (bytes.length < 4 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw errors.badRequest('the protobuf body does not start with the Kubernetes "k8s\\0" prefix');
  }
  try {
    const body = bytes.subarray(4);
    const envelope = decodeMessage(body, UNKNOWN) as {
      typeMeta?: { apiVersion?: string; kind?: string };
      raw?: Uint8Array;
    };
    const kind = envelope.typeMeta?.kind ?? "";
    const schema = KINDS[kind];
    if (!schema) {
      throw errors.unsupportedMediaType(`${KUBE_PROTOBUF} (kind ${kind || "unknown"})`, [
        "application/json",
        "application/yaml",
      ]);
    }
    const raw = envelope.raw ?? new Uint8Array();
    return {
      apiVersion: envelope.typeMeta?.apiVersion || "v1",
      kind,
      ...decodeMessage(raw, schema),
    };
  } catch (e) {
    if (e instanceof ProtoDecodeError) {
      throw errors.badRequest(`the protobuf body could not be decoded: ${e.message}`);
    }
    throw e;
  }
}

/** Reads a protobuf request body (at most `limit` bytes) and decodes it. */
export async function readKubeProtobufBody(
  req: Request,
  limit: number,
): Promise<Record<string, unknown>> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) {
    await req.body?.cancel().catch(() => {});
    throw errors.requestEntityTooLarge(limit);
  }
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.length > limit) throw errors.requestEntityTooLarge(limit);
  return decodeKubeProtobuf(bytes);
}
