/**
 * kube-apiserver's RBAC authorizer over Role, ClusterRole, RoleBinding and ClusterRoleBinding:
 * a request is allowed when a rule of a role bound to the user allows it. ClusterRoleBindings
 * grant everywhere; RoleBindings grant in their own namespace only (to a Role of that
 * namespace or a ClusterRole); subjects are Users, Groups and ServiceAccounts. Members of
 * `system:masters` are always allowed. ClusterRoles with an aggregationRule get the rules of
 * the ClusterRoles their selectors match, computed at evaluation time (transitively).
 */
import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  RoleRef,
  Subject,
} from "../api/types/rbac.ts";
import { type AuthorizationAttributes, ruleAllows, sameRule } from "./rbac_rules.ts";
import { serviceAccountUserName } from "./service_account_token.ts";
import { MASTERS_GROUP, type UserInfo } from "./user_info.ts";

/** Where the authorizer reads RBAC objects (synchronously, e.g. from the watch cache). */
export interface RbacSource {
  clusterRoles(): ClusterRole[];
  clusterRoleBindings(): ClusterRoleBinding[];
  roles(namespace: string): Role[];
  roleBindings(namespace: string): RoleBinding[];
}

/** An authorizer's answer; `reason` says which binding allowed, or what could not be read. */
export interface AuthorizationDecision {
  allowed: boolean;
  reason: string;
}

/** The rules that apply to a user in a namespace (SelfSubjectRulesReview). */
export interface SubjectRules {
  resourceRules: PolicyRule[];
  nonResourceRules: PolicyRule[];
  /** True when some binding's role could not be found (the lists may be short). */
  incomplete: boolean;
  evaluationError?: string;
}

/** The rule granting everything (what system:masters effectively holds). */
const ALL_RESOURCES: PolicyRule = { verbs: ["*"], apiGroups: ["*"], resources: ["*"] };
const ALL_URLS: PolicyRule = { verbs: ["*"], nonResourceURLs: ["*"] };

function matchesLabels(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

/**
 * The rules `role` grants: its own, or, when it has an aggregationRule, the de-duplicated rules
 * of every other ClusterRole one of its selectors matches (whose own rules are resolved the same
 * way, so admin ⊇ edit ⊇ view).
 */
export function effectiveClusterRoleRules(
  role: ClusterRole,
  all: ClusterRole[],
  visiting: Set<string> = new Set(),
): PolicyRule[] {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!selectors || selectors.length === 0) return role.rules ?? [];
  const name = role.metadata.name ?? "";
  visiting.add(name);
  const rules: PolicyRule[] = [];
  for (const other of all) {
    const otherName = other.metadata.name ?? "";
    if (visiting.has(otherName)) continue;
    const labels = other.metadata.labels ?? {};
    if (!selectors.some((s) => matchesLabels(s.matchLabels, labels))) continue;
    for (const rule of effectiveClusterRoleRules(other, all, new Set(visiting))) {
      if (!rules.some((r) => sameRule(r, rule))) rules.push(rule);
    }
  }
  return rules;
}

/** True when `subject` names `user` (ServiceAccounts default to the binding's namespace). */
export function subjectMatches(
  subject: Subject,
  user: UserInfo,
  bindingNamespace: string,
): boolean {
  switch (subject.kind) {
    case "User":
      return subject.name === user.name;
    case "Group":
      return user.groups.includes(subject.name);
    case "ServiceAccount": {
      const ns = subject.namespace || bindingNamespace;
      return ns !== "" && serviceAccountUserName(ns, subject.name) === user.name;
    }
    default:
      return false;
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === "ServiceAccount") {
    return `${s.kind} ${JSON.stringify(`${s.namespace || bindingNamespace}/${s.name}`)}`;
  }
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

/** One binding that applies to the user, with the rules of its role (or why they are missing). */
interface Grant {
  source: string;
  rules: PolicyRule[];
  error?: string;
}

/** RBAC authorization over an RbacSource. */
export class RbacAuthorizer {
  constructor(private readonly source: RbacSource) {}

  /** The rules of a role reference seen from `bindingNamespace`, or why there are none. */
  #roleRules(ref: RoleRef, bindingNamespace: string, clusterRoles: ClusterRole[]) {
    if (ref.kind === "ClusterRole") {
      const role = clusterRoles.find((r) => r.metadata.name === ref.name);
      if (!role) return { error: `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` };
      return { rules: effectiveClusterRoleRules(role, clusterRoles) };
    }
    if (ref.kind === "Role" && bindingNamespace !== "") {
      const role = this.source.roles(bindingNamespace).find((r) => r.metadata.name === ref.name);
      if (!role) return { error: `role.rbac.authorization.k8s.io "${ref.name}" not found` };
      return { rules: role.rules ?? [] };
    }
    return { error: `unsupported role reference kind: ${JSON.stringify(ref.kind)}` };
  }

  /** Every binding applying to `user` in `namespace` ("" = cluster bindings only), in order. */
  *#grants(user: UserInfo, namespace: string): Generator<Grant> {
    const clusterRoles = this.source.clusterRoles();
    for (const b of this.source.clusterRoleBindings()) {
      const subject = (b.subjects ?? []).find((s) => subjectMatches(s, user, ""));
      if (!subject) continue;
      const source = `ClusterRoleBinding ${
        JSON.stringify(b.metadata.name ?? "")
      } of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, "")}`;
      const r = this.#roleRules(b.roleRef, "", clusterRoles);
      yield { source, rules: r.rules ?? [], error: r.error };
    }
    if (namespace === "") return;
    for (const b of this.source.roleBindings(namespace)) {
      const ns = b.metadata.namespace ?? namespace;
      const subject = (b.subjects ?? []).find((s) => subjectMatches(s, user, ns));
      if (!subject) continue;
      const source = `RoleBinding ${
        JSON.stringify(`${b.metadata.name ?? ""}/${ns}`)
      } of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, ns)}`;
      const r = this.#roleRules(b.roleRef, ns, clusterRoles);
      yield { source, rules: r.rules ?? [], error: r.error };
    }
  }

  /**
   * Decides a request. Allowed: the reason names the binding ("RBAC: allowed by …"). Denied:
   * the reason is "" or lists the roles that could not be found ("RBAC: …"), as kube-apiserver.
   */
  authorize(attrs: AuthorizationAttributes): AuthorizationDecision {
    if (attrs.user.groups.includes(MASTERS_GROUP)) return { allowed: true, reason: "" };
    const errors: string[] = [];
    for (const grant of this.#grants(attrs.user, attrs.namespace ?? "")) {
      if (grant.error) errors.push(grant.error);
      if (grant.rules.some((rule) => ruleAllows(attrs, rule))) {
        return { allowed: true, reason: `RBAC: allowed by ${grant.source}` };
      }
    }
    if (errors.length === 0) return { allowed: false, reason: "" };
    return {
      allowed: false,
      reason: `RBAC: ${errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`}`,
    };
  }

  /** The rules granted to `user` in `namespace` (for SelfSubjectRulesReview / can-i --list). */
  rulesFor(user: UserInfo, namespace: string): SubjectRules {
    const all: PolicyRule[] = user.groups.includes(MASTERS_GROUP) ? [ALL_RESOURCES, ALL_URLS] : [];
    const errors: string[] = [];
    for (const grant of this.#grants(user, namespace)) {
      if (grant.error) errors.push(grant.error);
      all.push(...grant.rules);
    }
    const out: SubjectRules = {
      resourceRules: all.filter((r) => (r.resources ?? []).length > 0).map((r) => {
        const { nonResourceURLs: _u, ...rest } = r;
        return rest;
      }),
      nonResourceRules: all.filter((r) => (r.nonResourceURLs ?? []).length > 0).map((r) => ({
        verbs: r.verbs,
        nonResourceURLs: r.nonResourceURLs,
      })),
      incomplete: errors.length > 0,
    };
    if (errors.length > 0) out.evaluationError = errors.join(", ");
    return out;
  }
}
