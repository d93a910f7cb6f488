/**
 * Webhook authentication and authorization for the kubelet endpoint, as a kubelet does it: a
 * bearer token is checked with the apiserver's TokenReview, then the user's access to
 * `nodes/<subresource>` of this node with a SubjectAccessReview.
 */
import type { RestClient } from "../client/rest_client.ts";
import type { TokenReviewer } from "./kubelet_guard.ts";

interface TokenReviewAnswer {
  status?: {
    authenticated?: boolean;
    user?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  };
}

interface AccessReviewAnswer {
  status?: { allowed?: boolean; reason?: string };
}

/** A TokenReviewer over the apiserver reached through `client`. */
export function apiTokenReviewer(client: RestClient): TokenReviewer {
  return async (token, access) => {
    const review = await client.requestJson<TokenReviewAnswer>(
      "POST",
      "/apis/authentication.k8s.io/v1/tokenreviews",
      {
        body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token } },
      },
    );
    const u = review.status?.user;
    if (!review.status?.authenticated || !u?.username) return { allowed: false };
    const user = { name: u.username, uid: u.uid ?? "", groups: u.groups ?? [], extra: u.extra };
    const sar = await client.requestJson<AccessReviewAnswer>(
      "POST",
      "/apis/authorization.k8s.io/v1/subjectaccessreviews",
      {
        body: {
          apiVersion: "authorization.k8s.io/v1",
          kind: "SubjectAccessReview",
          spec: {
            user: user.name,
            uid: user.uid,
            groups: user.groups,
            extra: user.extra,
            resourceAttributes: {
              verb: access.verb,
              resource: "nodes",
              subresource: access.subresource,
              name: access.node,
            },
          },
        },
      },
    );
    return { user, allowed: sar.status?.allowed === true, reason: sar.status?.reason };
  };
}
