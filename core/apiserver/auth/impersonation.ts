/**
 * `Impersonate-User`, `Impersonate-Group` and `Impersonate-Uid` headers (`kubectl --as`,
 * `--as-group`): the authenticated user must be allowed to `impersonate` each (users, groups,
 * serviceaccounts, uids); the request then runs as the impersonated user. Without the headers
 * nothing changes.
 */
import * as errors from "../../api/status.ts";
import { forbiddenStatus } from "../../auth/forbidden_message.ts";
import type { AuthorizationAttributes } from "../../auth/rbac_rules.ts";
import {
  parseServiceAccountUserName,
  serviceAccountGroups,
} from "../../auth/service_account_token.ts";
import { AUTHENTICATED_GROUP, type UserInfo } from "../../auth/user_info.ts";
import type { Authorizer } from "./access_control.ts";

/** The user the request runs as: `user` itself, or whom it may and does impersonate. */
export function impersonate(headers: Headers, user: UserInfo, authorizer: Authorizer): UserInfo {
  const asUser = headers.get("impersonate-user");
  const asGroups = headers.get("impersonate-group");
  const asUid = headers.get("impersonate-uid");
  if (asUser === null && asGroups === null && asUid === null) return user;
  if (asUser === null || asUser === "") {
    throw errors.badRequest(
      "requested impersonation of groups or uid without impersonating a user (Impersonate-User)",
    );
  }
  const check = (attrs: Omit<AuthorizationAttributes, "user" | "verb" | "isResourceRequest">) => {
    const full: AuthorizationAttributes = {
      user,
      verb: "impersonate",
      isResourceRequest: true,
      ...attrs,
    };
    const d = authorizer.authorize(full);
    if (!d.allowed) throw new errors.ApiError(forbiddenStatus(full, d.reason));
  };
  const sa = parseServiceAccountUserName(asUser);
  if (sa) {
    check({ apiGroup: "", resource: "serviceaccounts", namespace: sa.namespace, name: sa.name });
  } else check({ apiGroup: "", resource: "users", name: asUser });
  const groups = asGroups === null
    ? []
    : asGroups.split(",").map((g) => g.trim()).filter((g) => g !== "");
  for (const g of groups) check({ apiGroup: "", resource: "groups", name: g });
  if (asUid) check({ apiGroup: "authentication.k8s.io", resource: "uids", name: asUid });
  const implied = sa ? serviceAccountGroups(sa.namespace) : [];
  const all = [...new Set([...groups, ...implied, AUTHENTICATED_GROUP])];
  return { name: asUser, uid: asUid ?? "", groups: all };
}
