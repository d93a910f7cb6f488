/**
 * Protobuf field tables of the kinds declared under core/api/groups (ServiceAccount, ConfigMap,
 * Secret and the RBAC kinds), which kubectl's `create serviceaccount|configmap|secret|role|
 * rolebinding|clusterrole|clusterrolebinding` send as `application/vnd.kubernetes.protobuf`. Field numbers are those
 * of Kubernetes' generated.proto for core/v1 and rbac.authorization.k8s.io/v1.
 */
import type { ProtoMessage } from "./proto_wire.ts";

const s = (name: string) => ({ name, type: "string" as const });
const strs = (name: string) => ({ name, type: "string" as const, repeated: true });
const msg = (name: string, message: ProtoMessage, repeated = false) => ({
  name,
  type: { message },
  repeated,
});

const POLICY_RULE: ProtoMessage = {
  1: strs("verbs"),
  2: strs("apiGroups"),
  3: strs("resources"),
  4: strs("resourceNames"),
  5: strs("nonResourceURLs"),
};

const LABEL_SELECTOR: ProtoMessage = {
  1: { name: "matchLabels", type: { map: "string" } },
  2: msg("matchExpressions", { 1: s("key"), 2: s("operator"), 3: strs("values") }, true),
};

const SUBJECT: ProtoMessage = { 1: s("kind"), 2: s("apiGroup"), 3: s("name"), 4: s("namespace") };

const ROLE_REF: ProtoMessage = { 1: s("apiGroup"), 2: s("kind"), 3: s("name") };

const OBJECT_REFERENCE: ProtoMessage = {
  1: s("kind"),
  2: s("namespace"),
  3: s("name"),
  4: s("uid"),
  5: s("apiVersion"),
  6: s("resourceVersion"),
  7: s("fieldPath"),
};

/** The declared kinds' messages by kind, given the shared ObjectMeta message. */
export function declaredKindMessages(objectMeta: ProtoMessage): Record<string, ProtoMessage> {
  const meta = msg("metadata", objectMeta);
  const binding: ProtoMessage = {
    1: meta,
    2: msg("subjects", SUBJECT, true),
    3: msg("roleRef", ROLE_REF),
  };
  return {
    ServiceAccount: {
      1: meta,
      2: msg("secrets", OBJECT_REFERENCE, true),
      3: msg("imagePullSecrets", { 1: s("name") }, true),
      4: { name: "automountServiceAccountToken", type: "bool" },
    },
    ConfigMap: {
      1: meta,
      2: { name: "data", type: { map: "string" } },
      3: { name: "binaryData", type: { map: "bytes" } },
      4: { name: "immutable", type: "bool" },
    },
    Secret: {
      1: meta,
      2: { name: "data", type: { map: "bytes" } },
      3: s("type"),
      4: { name: "stringData", type: { map: "string" } },
      5: { name: "immutable", type: "bool" },
    },
    Role: { 1: meta, 2: msg("rules", POLICY_RULE, true) },
    ClusterRole: {
      1: meta,
      2: msg("rules", POLICY_RULE, true),
      3: msg("aggregationRule", { 1: msg("clusterRoleSelectors", LABEL_SELECTOR, true) }),
    },
    RoleBinding: binding,
    ClusterRoleBinding: binding,
  };
}
