/**
 * The create-only review kinds of `authentication.k8s.io/v1` (SelfSubjectReview, TokenReview)
 * and `authorization.k8s.io/v1` (SelfSubjectAccessReview, SelfSubjectRulesReview,
 * SubjectAccessReview, LocalSubjectAccessReview). They are declared for discovery and
 * OpenAPI; nothing is stored: `core/apiserver/auth/review_routes.ts` answers each POST.
 */
import { declareKind, type KindDeclaration } from "./kind_declaration.ts";

function review(
  group: string,
  resource: string,
  kind: string,
  namespaced = false,
  fields = ["spec", "status"],
): KindDeclaration {
  return declareKind({
    group,
    version: "v1",
    resource,
    kind,
    namespaced,
    verbs: ["create"],
    fields,
  });
}

const AUTHN = "authentication.k8s.io";
const AUTHZ = "authorization.k8s.io";

/** Every review kind. */
export const AUTH_REVIEW_KINDS: readonly KindDeclaration[] = [
  review(AUTHN, "selfsubjectreviews", "SelfSubjectReview", false, ["status"]),
  review(AUTHN, "tokenreviews", "TokenReview"),
  review(AUTHZ, "selfsubjectaccessreviews", "SelfSubjectAccessReview"),
  review(AUTHZ, "selfsubjectrulesreviews", "SelfSubjectRulesReview"),
  review(AUTHZ, "subjectaccessreviews", "SubjectAccessReview"),
  review(AUTHZ, "localsubjectaccessreviews", "LocalSubjectAccessReview", true),
];
