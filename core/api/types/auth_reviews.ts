/**
 * The review kinds of authentication.k8s.io/v1 (TokenReview, SelfSubjectReview) and
 * authorization.k8s.io/v1 (SubjectAccessReview and its self and local variants,
 * SelfSubjectRulesReview). Nothing is stored: the server answers each create.
 */
import type { KubeObject } from "../object.ts";

/** Who a user is, as an authenticator established it. */
export interface UserInfo {
  /** The user's name. */
  username?: string;
  /** A unique id of the user, stable across name changes. */
  uid?: string;
  /** The groups the user belongs to. */
  groups?: string[];
  /** Further facts the authenticator recorded, by key. */
  extra?: Record<string, string[]>;
}

/** The token to check. */
export interface TokenReviewSpec {
  /** The bearer token to authenticate. */
  token?: string;
  /** Audiences the token must be valid for; empty means the apiserver's own. */
  audiences?: string[];
}

/** Whether the token is valid, and for whom. */
export interface TokenReviewStatus {
  /** True when the token authenticated someone. */
  authenticated?: boolean;
  /** The user the token belongs to. */
  user?: UserInfo;
  /** The audiences the token is valid for. */
  audiences?: string[];
  /** Why the token was refused, when it was. */
  error?: string;
}

/** Checks a bearer token and says whose it is. */
export interface TokenReview extends KubeObject {
  /** The token to check. */
  spec: TokenReviewSpec;
  /** The outcome, filled in by the server. */
  status?: TokenReviewStatus;
}

/** The caller's identity as the server sees it. */
export interface SelfSubjectReviewStatus {
  /** The caller's user information. */
  userInfo?: UserInfo;
}

/** Asks who the caller is (`kubectl auth whoami`). */
export interface SelfSubjectReview extends KubeObject {
  /** The caller's identity, filled in by the server. */
  status?: SelfSubjectReviewStatus;
}

/** An API request to check: verb, resource and where. */
export interface ResourceAttributes {
  /** The namespace of the request; empty for cluster-wide requests or all namespaces. */
  namespace?: string;
  /** The verb (get, list, create, update, patch, delete, watch, or * for every verb). */
  verb?: string;
  /** The API group of the resource; empty for the core group. */
  group?: string;
  /** The API version of the resource. */
  version?: string;
  /** The resource type (pods, services, …). */
  resource?: string;
  /** The subresource (status, log, scale, …). */
  subresource?: string;
  /** The object's name; empty for requests on collections. */
  name?: string;
}

/** A request to a path outside the resource API (`/healthz`, `/version`). */
export interface NonResourceAttributes {
  /** The URL path. */
  path?: string;
  /** The HTTP verb in lower case (get, post, …). */
  verb?: string;
}

/** What to check, and for whom (SubjectAccessReview, LocalSubjectAccessReview). */
export interface SubjectAccessReviewSpec {
  /** A resource request to check; exactly one of this and nonResourceAttributes is set. */
  resourceAttributes?: ResourceAttributes;
  /** A non-resource request to check. */
  nonResourceAttributes?: NonResourceAttributes;
  /** The user to check for. */
  user?: string;
  /** The groups of the user to check for. */
  groups?: string[];
  /** Further facts about the user, by key. */
  extra?: Record<string, string[]>;
  /** The uid of the user to check for. */
  uid?: string;
}

/** What to check for the caller (SelfSubjectAccessReview). */
export interface SelfSubjectAccessReviewSpec {
  /** A resource request to check; exactly one of this and nonResourceAttributes is set. */
  resourceAttributes?: ResourceAttributes;
  /** A non-resource request to check. */
  nonResourceAttributes?: NonResourceAttributes;
}

/** The verdict of an access review. */
export interface SubjectAccessReviewStatus {
  /** True when the request would be allowed. */
  allowed: boolean;
  /** True when the request would be refused outright, whatever other authorizers say. */
  denied?: boolean;
  /** Why the request would be allowed or refused. */
  reason?: string;
  /** Set when the authorizer could not decide (for example a lookup failed). */
  evaluationError?: string;
}

/** Asks whether a user may make a request. */
export interface SubjectAccessReview extends KubeObject {
  /** The request and the user to check. */
  spec: SubjectAccessReviewSpec;
  /** The verdict, filled in by the server. */
  status?: SubjectAccessReviewStatus;
}

/** Asks whether a user may make a request in this review's namespace. */
export interface LocalSubjectAccessReview extends KubeObject {
  /** The request (in this namespace) and the user to check. */
  spec: SubjectAccessReviewSpec;
  /** The verdict, filled in by the server. */
  status?: SubjectAccessReviewStatus;
}

/** Asks whether the caller may make a request (`kubectl auth can-i`). */
export interface SelfSubjectAccessReview extends KubeObject {
  /** The request to check. */
  spec: SelfSubjectAccessReviewSpec;
  /** The verdict, filled in by the server. */
  status?: SubjectAccessReviewStatus;
}

/** Which namespace to list the caller's permissions in. */
export interface SelfSubjectRulesReviewSpec {
  /** The namespace to evaluate rules in. */
  namespace?: string;
}

/** Permissions on resources, as listed by a rules review. */
export interface ResourceRule {
  /** The verbs allowed. */
  verbs: string[];
  /** The API groups the resources belong to. */
  apiGroups?: string[];
  /** The resources (and resource/subresource pairs) allowed. */
  resources?: string[];
  /** Names the rule is limited to; empty means all. */
  resourceNames?: string[];
}

/** Permissions on non-resource URLs, as listed by a rules review. */
export interface NonResourceRule {
  /** The verbs allowed. */
  verbs: string[];
  /** The URL paths (a trailing * matches a prefix). */
  nonResourceURLs?: string[];
}

/** The caller's permissions in a namespace. */
export interface SubjectRulesReviewStatus {
  /** Permissions on resources. */
  resourceRules: ResourceRule[];
  /** Permissions on non-resource URLs. */
  nonResourceRules: NonResourceRule[];
  /** True when the list may be missing rules (some could not be evaluated). */
  incomplete: boolean;
  /** Why the list is incomplete, when it is. */
  evaluationError?: string;
}

/** Lists what the caller may do in a namespace (`kubectl auth can-i --list`). */
export interface SelfSubjectRulesReview extends KubeObject {
  /** Where to evaluate the rules. */
  spec: SelfSubjectRulesReviewSpec;
  /** The permissions, filled in by the server. */
  status?: SubjectRulesReviewStatus;
}
