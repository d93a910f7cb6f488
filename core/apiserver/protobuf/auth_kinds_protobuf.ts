/**
 * Protobuf field tables of the review kinds and TokenRequest, which kubectl's `auth whoami`,
 * `auth can-i` (and `--list`) and `create token` send as `application/vnd.kubernetes.protobuf`.
 * Field numbers are those of Kubernetes' generated.proto for authentication.k8s.io/v1 and
 * authorization.k8s.io/v1. `extra` maps (user extras) are not decoded.
 */
import type { ProtoMessage } from "./proto_wire.ts";

const s = (name: string) => ({ name, type: "string" as const });
const strs = (name: string) => ({ name, type: "string" as const, repeated: true });
const msg = (name: string, message: ProtoMessage) => ({ name, type: { message } });

const RESOURCE_ATTRIBUTES: ProtoMessage = {
  1: s("namespace"),
  2: s("verb"),
  3: s("group"),
  4: s("version"),
  5: s("resource"),
  6: s("subresource"),
  7: s("name"),
};

const NON_RESOURCE_ATTRIBUTES: ProtoMessage = { 1: s("path"), 2: s("verb") };

const SUBJECT_ACCESS_REVIEW_SPEC: ProtoMessage = {
  1: msg("resourceAttributes", RESOURCE_ATTRIBUTES),
  2: msg("nonResourceAttributes", NON_RESOURCE_ATTRIBUTES),
  3: s("user"),
  4: strs("groups"),
  6: s("uid"),
};

/** The review kinds' messages by kind, given the shared ObjectMeta message. */
export function authKindMessages(objectMeta: ProtoMessage): Record<string, ProtoMessage> {
  const meta = msg("metadata", objectMeta);
  const sar: ProtoMessage = { 1: meta, 2: msg("spec", SUBJECT_ACCESS_REVIEW_SPEC) };
  return {
    SelfSubjectReview: { 1: meta },
    TokenReview: { 1: meta, 2: msg("spec", { 1: s("token"), 2: strs("audiences") }) },
    TokenRequest: {
      1: meta,
      2: msg("spec", {
        1: strs("audiences"),
        3: msg("boundObjectRef", { 1: s("kind"), 2: s("apiVersion"), 3: s("name"), 4: s("uid") }),
        4: { name: "expirationSeconds", type: "int" },
      }),
    },
    SelfSubjectAccessReview: {
      1: meta,
      2: msg("spec", {
        1: msg("resourceAttributes", RESOURCE_ATTRIBUTES),
        2: msg("nonResourceAttributes", NON_RESOURCE_ATTRIBUTES),
      }),
    },
    SelfSubjectRulesReview: { 1: meta, 2: msg("spec", { 1: s("namespace") }) },
    SubjectAccessReview: sar,
    LocalSubjectAccessReview: sar,
  };
}
