/**
 * The apiserver's identity endpoints, none of which stores anything:
 * `authentication.k8s.io/v1` SelfSubjectReview (`kubectl auth whoami`) and TokenReview;
 * `authorization.k8s.io/v1` SelfSubjectAccessReview (`kubectl auth can-i`),
 * SelfSubjectRulesReview (`can-i --list`), SubjectAccessReview and LocalSubjectAccessReview;
 * the TokenRequest subresources `serviceaccounts/NAME/token` (`kubectl create token`) and
 * k8sm's `nodes/NAME/token` (executor credentials). The access gate has already authorised
 * the request (`create` on the resource); these answer it.
 */
import * as errors from "../../api/status.ts";
import type { ServiceAccount } from "../../api/types/service_account.ts";
import type { SigningKey } from "../../auth/jwt.ts";
import { issueNodeToken } from "../../auth/node_token.ts";
import type { AuthorizationAttributes } from "../../auth/rbac_rules.ts";
import {
  issueServiceAccountToken,
  type TokenIssuerOptions,
} from "../../auth/service_account_token.ts";
import type { UserInfo } from "../../auth/user_info.ts";
import type { RegistrySet } from "../../registry/registry_set.ts";
import type { ExtraRoute } from "../api_handler.ts";
import { readBody } from "../read_body.ts";
import { jsonValue } from "../responses.ts";
import type { AccessControl } from "./access_control.ts";

/** Options of reviewRoutes. */
export interface ReviewRouteOptions {
  access: AccessControl;
  registries: RegistrySet;
  /** The service-account signing key; without it TokenRequests are not served (404). */
  signingKey?: SigningKey;
  issuer?: TokenIssuerOptions;
}

type Json = Record<string, unknown>;

function rec(v: unknown): Json {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v as Json : {};
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function userInfoJson(u: UserInfo): Json {
  return { username: u.name, uid: u.uid, groups: u.groups, ...(u.extra ? { extra: u.extra } : {}) };
}

function answer(kind: string, apiVersion: string, body: Json, status: Json): Response {
  return jsonValue(201, {
    kind,
    apiVersion,
    metadata: { creationTimestamp: null, ...rec(body.metadata) },
    ...(body.spec !== undefined ? { spec: body.spec } : {}),
    status,
  });
}

/** Authorization attributes from a review's resourceAttributes / nonResourceAttributes. */
function reviewAttributes(user: UserInfo, spec: Json, namespace?: string): AuthorizationAttributes {
  const ra = spec.resourceAttributes;
  if (ra !== undefined) {
    const r = rec(ra);
    return {
      user,
      verb: str(r.verb),
      isResourceRequest: true,
      apiGroup: str(r.group),
      apiVersion: str(r.version),
      resource: str(r.resource),
      subresource: str(r.subresource),
      namespace: namespace ?? str(r.namespace),
      name: str(r.name),
    };
  }
  const nr = rec(spec.nonResourceAttributes);
  if (spec.nonResourceAttributes === undefined) {
    throw errors.badRequest(
      "spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be " +
        "specified",
    );
  }
  return { user, verb: str(nr.verb), isResourceRequest: false, path: str(nr.path) };
}

function accessStatus(allowed: boolean, reason: string): Json {
  return { allowed, ...(reason ? { reason } : {}) };
}

/** The routes, to pass as ApiHandlerOptions.routes. */
export function reviewRoutes(opts: ReviewRouteOptions): ExtraRoute {
  const { access } = opts;
  const authn = "authentication.k8s.io/v1";
  const authz = "authorization.k8s.io/v1";
  const handlers: [
    RegExp,
    (req: Request, user: UserInfo, m: RegExpMatchArray) => Promise<Response>,
  ][] = [
    [/^\/apis\/authentication\.k8s\.io\/v1\/selfsubjectreviews$/, async (req, user) => {
      const body = rec(await readBody(req));
      return answer("SelfSubjectReview", authn, { metadata: body.metadata }, {
        userInfo: userInfoJson(user),
      });
    }],
    [/^\/apis\/authentication\.k8s\.io\/v1\/tokenreviews$/, async (req) => {
      const body = rec(await readBody(req));
      const spec = rec(body.spec);
      const token = str(spec.token);
      if (token === "") throw errors.badRequest("spec.token: Required value: token is required");
      const probe = new Request("https://tokenreview.invalid/", {
        headers: { authorization: `Bearer ${token}` },
      });
      const outcome = await access.authenticator(probe, undefined);
      const status: Json = outcome.kind === "authenticated"
        ? { authenticated: true, user: userInfoJson(outcome.user) }
        : {
          authenticated: false,
          ...(outcome.kind === "rejected" ? { error: outcome.reason } : {}),
        };
      return answer("TokenReview", authn, body, { ...status, user: status.user ?? {} });
    }],
    [/^\/apis\/authorization\.k8s\.io\/v1\/selfsubjectaccessreviews$/, async (req, user) => {
      const body = rec(await readBody(req));
      const d = access.authorizer.authorize(reviewAttributes(user, rec(body.spec)));
      return answer("SelfSubjectAccessReview", authz, body, accessStatus(d.allowed, d.reason));
    }],
    [/^\/apis\/authorization\.k8s\.io\/v1\/selfsubjectrulesreviews$/, async (req, user) => {
      const body = rec(await readBody(req));
      const ns = str(rec(body.spec).namespace);
      const rules = access.authorizer.rulesFor?.(user, ns);
      const status = rules
        ? {
          resourceRules: rules.resourceRules.filter((r) => !r.nonResourceURLs),
          nonResourceRules: rules.nonResourceRules,
          incomplete: rules.incomplete,
          ...(rules.evaluationError ? { evaluationError: rules.evaluationError } : {}),
        }
        : { resourceRules: [], nonResourceRules: [], incomplete: true };
      return answer("SelfSubjectRulesReview", authz, body, status);
    }],
    [
      /^\/apis\/authorization\.k8s\.io\/v1\/(?:namespaces\/([^/]+)\/local)?subjectaccessreviews$/,
      async (req, _user, m) => {
        const body = rec(await readBody(req));
        const spec = rec(body.spec);
        const groups = Array.isArray(spec.groups) ? spec.groups.map(str) : [];
        if (str(spec.user) === "" && groups.length === 0) {
          throw errors.badRequest(
            'spec.user: Invalid value: "": at least one of user or group must be specified',
          );
        }
        const subject: UserInfo = { name: str(spec.user), uid: str(spec.uid), groups };
        const d = access.authorizer.authorize(reviewAttributes(subject, spec, m[1]));
        const kind = m[1] ? "LocalSubjectAccessReview" : "SubjectAccessReview";
        return answer(kind, authz, body, accessStatus(d.allowed, d.reason));
      },
    ],
    [/^\/api\/v1\/namespaces\/([^/]+)\/serviceaccounts\/([^/]+)\/token$/, async (req, _u, m) => {
      const key = opts.signingKey;
      if (!key) throw notServed(req);
      const body = rec(await readBody(req));
      const spec = rec(body.spec);
      const sa = await opts.registries.must("serviceaccounts").get(m[1], m[2]) as ServiceAccount;
      const seconds = spec.expirationSeconds === undefined
        ? undefined
        : Number(spec.expirationSeconds);
      let issued;
      try {
        issued = issueServiceAccountToken(key, {
          namespace: m[1],
          name: m[2],
          uid: sa.metadata.uid ?? "",
          audiences: Array.isArray(spec.audiences) ? spec.audiences.map(str) : undefined,
          expirationSeconds: seconds,
        }, opts.issuer);
      } catch (e) {
        throw invalidTokenRequest(m[2], e);
      }
      return answer("TokenRequest", authn, { ...body, metadata: { name: m[2], namespace: m[1] } }, {
        token: issued.token,
        expirationTimestamp: issued.expirationTimestamp,
      });
    }],
    [/^\/api\/v1\/nodes\/([^/]+)\/token$/, async (req, _u, m) => {
      const key = opts.signingKey;
      if (!key) throw notServed(req);
      const body = rec(await readBody(req).catch(() => ({})));
      await opts.registries.must("nodes").get("", m[1]);
      const spec = rec(body.spec);
      let issued;
      try {
        issued = issueNodeToken(
          key,
          m[1],
          spec.expirationSeconds === undefined ? undefined : Number(spec.expirationSeconds),
        );
      } catch (e) {
        throw invalidTokenRequest(m[1], e);
      }
      return answer("TokenRequest", authn, { metadata: { name: m[1] } }, issued as unknown as Json);
    }],
  ];
  return async (req, url) => {
    if (req.method !== "POST") return undefined;
    for (const [re, handle] of handlers) {
      const m = url.pathname.match(re);
      if (!m) continue;
      const user = access.userOf(req);
      if (!user) throw errors.unauthorized();
      return await handle(
        req,
        user,
        m.map((s) => s === undefined ? s : decodeURIComponent(s)) as RegExpMatchArray,
      );
    }
    return undefined;
  };
}

function notServed(req: Request): errors.ApiError {
  return new errors.ApiError(errors.makeStatus(
    404,
    "NotFound",
    `the server could not find the requested resource (${req.method} ${
      new URL(req.url).pathname
    }); ` +
      "token requests need --service-account-signing-key-file",
  ));
}

function invalidTokenRequest(name: string, e: unknown): errors.ApiError {
  return errors.invalid("TokenRequest", name, [{
    type: "FieldValueInvalid",
    field: "spec.expirationSeconds",
    message: e instanceof Error ? e.message : String(e),
  }]);
}
