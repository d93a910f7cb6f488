/**
 * The apiserver's gate, in kube-apiserver's order: authenticate (401 for a missing or refused
 * credential, except on the health endpoints; then impersonation, if asked and allowed), authorise (403 with kube-apiserver's message),
 * then the NodeRestriction admission for executor identities. The user of each admitted request
 * is remembered for handlers that need it (SelfSubjectReview, TokenRequest, reviews).
 */
import * as errors from "../../api/status.ts";
import type { KubeObject } from "../../api/object.ts";
import { type Authenticator, isPublicPath } from "../../auth/authenticator.ts";
import { admissionForbiddenMessage, forbiddenStatus } from "../../auth/forbidden_message.ts";
import { admitNodeRequest } from "../../auth/node_restriction.ts";
import { nodePodReadRefusal } from "../../auth/node_pod_reads.ts";
import { nodeObjectReadRefusal } from "../../auth/node_object_reads.ts";
import { parseFieldSelector } from "../../api/field_selector.ts";
import type { Pod } from "../../api/types/pod.ts";
import type { AuthorizationDecision, SubjectRules } from "../../auth/rbac_authorizer.ts";
import type { AuthorizationAttributes } from "../../auth/rbac_rules.ts";
import {
  ANONYMOUS_USER,
  NODES_GROUP,
  UNAUTHENTICATED_GROUP,
  type UserInfo,
} from "../../auth/user_info.ts";
import type { RegistrySet } from "../../registry/registry_set.ts";
import type { CacheEntry } from "../../registry/cache_entry.ts";
import type { ConnInfo } from "../conn_info.ts";
import type { Patcher } from "../patchers.ts";
import { requestAttributes } from "./request_attributes.ts";
import { impersonate } from "./impersonation.ts";
import { logger } from "../../util/log.ts";
import { ClientClosedError } from "../client_closed_error.ts";

const log = logger("apiserver");

/** Pods parsed from watch-cache entries (an entry is immutable; a new write is a new entry). */
const parsedPods = new WeakMap<CacheEntry, Pod>();
/** Decides requests (RBAC, or AlwaysAllow) and lists a user's rules. */
export interface Authorizer {
  authorize(attrs: AuthorizationAttributes): AuthorizationDecision;
  rulesFor?(user: UserInfo, namespace: string): SubjectRules;
}

/** Every authenticated request is allowed (`--authorization-mode=AlwaysAllow`). */
export const ALWAYS_ALLOW: Authorizer = {
  authorize: () => ({ allowed: true, reason: "AlwaysAllow" }),
};

/** Options of AccessControl. */
export interface AccessControlOptions {
  authenticator: Authenticator;
  authorizer: Authorizer;
  registries: RegistrySet;
  patchers: Map<string, Patcher>;
}

const ANONYMOUS: UserInfo = { name: ANONYMOUS_USER, uid: "", groups: [UNAUTHENTICATED_GROUP] };

const WRITES = new Set(["create", "update", "patch", "delete", "deletecollection"]);

/** kube-apiserver answers every authentication failure with the same bare 401. */
function unauthorized(): errors.ApiError {
  return new errors.ApiError(errors.makeStatus(401, "Unauthorized", "Unauthorized"));
}

/** Authentication, authorization and node admission for one apiserver. */
export class AccessControl {
  readonly #o: AccessControlOptions;
  readonly #users = new WeakMap<Request, UserInfo>();

  constructor(opts: AccessControlOptions) {
    this.#o = opts;
  }

  /** The authorizer (for SubjectAccessReviews). */
  get authorizer(): Authorizer {
    return this.#o.authorizer;
  }

  /** The authenticator (for TokenReviews). */
  get authenticator(): Authenticator {
    return this.#o.authenticator;
  }

  /** The user an admitted request authenticated as. */
  userOf(req: Request): UserInfo | undefined {
    return this.#users.get(req);
  }

  /** Authenticates `req` or throws the 401; public paths pass without credentials. */
  async authenticate(req: Request, conn: ConnInfo | undefined, url: URL): Promise<UserInfo> {
    const outcome = await this.#o.authenticator(req, conn);
    let user: UserInfo;
    if (outcome.kind === "authenticated") {
      user = impersonate(req.headers, outcome.user, this.#o.authorizer);
    } else if (isPublicPath(url.pathname)) user = ANONYMOUS;
    else {
      if (outcome.kind === "rejected") {
        log.v(2, `401 for ${req.method} ${url.pathname}: ${outcome.reason}`);
      }
      throw unauthorized();
    }
    this.#users.set(req, user);
    return user;
  }

  /**
   * Authorises an authenticated request (RBAC, then node admission) or throws the 403.
   * `segments` is the decoded path.
   */
  async authorize(req: Request, url: URL, segments: string[]): Promise<void> {
    const user = this.#users.get(req);
    if (!user) throw unauthorized();
    if (isPublicPath(url.pathname)) return;
    const attrs = requestAttributes(user, req.method, segments, url.searchParams, url.pathname);
    const decision = this.#o.authorizer.authorize(attrs);
    if (!decision.allowed) throw new errors.ApiError(forbiddenStatus(attrs, decision.reason));
    const podRead = nodePodReadRefusal(attrs, url.searchParams);
    if (podRead) throw new errors.ApiError(forbiddenStatus(attrs, podRead));
    const objectRead = await nodeObjectReadRefusal(attrs, (ns, node) => this.#podsOn(ns, node));
    if (objectRead) throw new errors.ApiError(forbiddenStatus(attrs, objectRead));
    if (user.groups.includes(NODES_GROUP) && attrs.isResourceRequest && WRITES.has(attrs.verb)) {
      await this.#admitNode(req, user, attrs);
    }
  }

  /** The pods of `namespace` bound to `node` (the node authorizer's graph). */
  async #podsOn(namespace: string, node: string): Promise<Pod[]> {
    const pods = this.#o.registries.registry("pods");
    if (!pods) return [];
    const fieldSelector = parseFieldSelector(`spec.nodeName=${node}`);
    const list = await pods.list(namespace, { fieldSelector, resourceVersion: "0" });
    return list.entries.map((e) => {
      // A node's secret/configmap/token reads each walk its pods: parse a cached pod only once.
      let pod = parsedPods.get(e);
      if (!pod) parsedPods.set(e, pod = JSON.parse(e.json) as Pod);
      return pod;
    });
  }

  async #admitNode(req: Request, user: UserInfo, attrs: AuthorizationAttributes) {
    const resource = attrs.apiGroup ? `${attrs.apiGroup}/${attrs.resource}` : attrs.resource ?? "";
    const registry = this.#o.registries.registry(resource);
    let oldObj: KubeObject | undefined;
    if (registry && attrs.name) {
      try {
        oldObj = await registry.get(attrs.namespace ?? "", attrs.name);
      } catch (e) {
        if (!errors.isApiError(e, 404)) throw e;
      }
    }
    let newObj: KubeObject | undefined;
    if (attrs.verb === "create" || attrs.verb === "update" || attrs.verb === "patch") {
      let body: unknown;
      try {
        body = JSON.parse(await req.clone().text());
      } catch (e) {
        if (e instanceof ClientClosedError) throw e; // the client's fault, not a refusal
        body = undefined;
      }
      if (attrs.verb === "patch" && oldObj) {
        const type = (req.headers.get("content-type") ?? "").split(";")[0].trim();
        const patcher = this.#o.patchers.get(type);
        newObj = patcher
          ? patcher(structuredClone(oldObj), body, oldObj.kind ?? "") as KubeObject
          : body as KubeObject;
      } else newObj = body as KubeObject | undefined;
    }
    let refusal: string | undefined;
    try {
      refusal = admitNodeRequest(user, attrs, oldObj, newObj);
    } catch (e) {
      refusal = `cannot judge the request: ${e instanceof Error ? e.message : e}`;
    }
    if (refusal) {
      const name = attrs.name || newObj?.metadata?.name || "";
      throw new errors.ApiError(
        errors.makeStatus(403, "Forbidden", admissionForbiddenMessage(attrs, refusal, name), {
          name,
          group: attrs.apiGroup ?? "",
          kind: attrs.resource ?? "",
        }),
      );
    }
  }
}
