/**
 * Single-use dashboard sign-in links, served by the apiserver:
 *
 * - `POST /k8sm/dashboard/login-links` (LOGIN_LINKS_PATH, `k8sm dashboard`): behind the API's
 *   gate like any request (authenticated; RBAC `post` on that path, which cluster-admin has and
 *   `view` has not), and then allowed only to a caller who may `create serviceaccounts/token`
 *   for `kube-system/k8sm-dashboard`, since the link signs in as that ServiceAccount (the same
 *   right `kubectl create token` needs). The server issues the ServiceAccount's one-hour token,
 *   keeps it under a fresh single-use code for ten minutes and answers the code. Without
 *   authentication (an open API) it answers that the dashboard needs no sign-in.
 * - `POST /ui/login` (LOGIN_PATH, the page): public like the rest of `/ui/`; trades a code
 *   (JSON `{code}`) once for `{token, expires}`. A used, expired and unknown code are refused
 *   alike, with 401 and a sentence the page shows, and each refusal is logged.
 *
 * The token never appears in a URL: the link carries only the code, in its fragment.
 */
import * as errors from "../api/status.ts";
import type { ServiceAccount } from "../api/types/service_account.ts";
import type { AccessControl } from "../apiserver/auth/access_control.ts";
import { readBody } from "../apiserver/read_body.ts";
import { forbiddenStatus } from "../auth/forbidden_message.ts";
import type { SigningKey } from "../auth/jwt.ts";
import type { AuthorizationAttributes } from "../auth/rbac_rules.ts";
import {
  issueServiceAccountToken,
  type TokenIssuerOptions,
} from "../auth/service_account_token.ts";
import type { UserInfo } from "../auth/user_info.ts";
import type { RegistrySet } from "../registry/registry_set.ts";
import { logger } from "../util/log.ts";
import { DASHBOARD_PATH } from "./dashboard_route.ts";
import { LoginCodes, type MintedLoginCode } from "./login_codes.ts";

const log = logger("apiserver");

/** Where the page trades a code for its token. */
export const LOGIN_PATH = `${DASHBOARD_PATH}login`;
/** Where `k8sm dashboard` asks for a new sign-in link. */
export const LOGIN_LINKS_PATH = "/k8sm/dashboard/login-links";
/** The ServiceAccount (in kube-system) the links sign in as. */
export const DASHBOARD_SERVICE_ACCOUNT = "k8sm-dashboard";
/** Its namespace. */
export const DASHBOARD_NAMESPACE = "kube-system";
/** How long the token behind a link works once issued (kube's default TokenRequest lifetime). */
export const LOGIN_TOKEN_SECONDS = 3600;
/** What the page shows for a code it cannot trade. */
export const USED_LINK_MESSAGE = "This sign-in link was already used or has expired; run " +
  "'k8sm dashboard' for a new one, or sign in with a token.";

/** The answer of LOGIN_LINKS_PATH. */
export type LoginLinkAnswer =
  | ({ signInRequired: true; path: string } & MintedLoginCode)
  | { signInRequired: false; path: string };

/** Options of dashboardLogins. */
export interface DashboardLoginOptions {
  /** The gate; absent on an open API (no sign-in needed). */
  access?: AccessControl;
  registries: RegistrySet;
  /** The ServiceAccount signing key; without it no link can be issued. */
  signingKey?: SigningKey;
  issuer?: TokenIssuerOptions;
  /** The code store (default: a fresh one). */
  codes?: LoginCodes;
}

/** The sign-in links of one apiserver. */
export interface DashboardLogins {
  /** The apiserver route for LOGIN_PATH and LOGIN_LINKS_PATH. */
  route(req: Request, url: URL): Promise<Response | undefined>;
  /** Mints a code without an authorization check (for `k8sm up`, in-process). */
  mint(): Promise<MintedLoginCode>;
}

/** The attributes a caller must be allowed to mint a link. */
export function mintAttributes(user: UserInfo): AuthorizationAttributes {
  return {
    user,
    verb: "create",
    isResourceRequest: true,
    apiGroup: "",
    apiVersion: "v1",
    resource: "serviceaccounts",
    subresource: "token",
    namespace: DASHBOARD_NAMESPACE,
    name: DASHBOARD_SERVICE_ACCOUNT,
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

/** The routes and the in-process minting of one apiserver. */
export function dashboardLogins(opts: DashboardLoginOptions): DashboardLogins {
  const codes = opts.codes ?? new LoginCodes();
  const mint = async (): Promise<MintedLoginCode> => {
    const key = opts.signingKey;
    if (!key) {
      throw new errors.ApiError(errors.makeStatus(
        501,
        "NotImplemented",
        "this apiserver issues no ServiceAccount tokens (it runs without " +
          "--service-account-signing-key-file), so it cannot issue dashboard sign-in links; " +
          "sign in to the dashboard with a token instead",
      ));
    }
    let sa: ServiceAccount;
    try {
      sa = await opts.registries.must("serviceaccounts").get(
        DASHBOARD_NAMESPACE,
        DASHBOARD_SERVICE_ACCOUNT,
      ) as ServiceAccount;
    } catch (e) {
      if (!errors.isApiError(e, 404)) throw e;
      throw new errors.ApiError(errors.makeStatus(
        404,
        "NotFound",
        `the ServiceAccount ${DASHBOARD_NAMESPACE}/${DASHBOARD_SERVICE_ACCOUNT} the dashboard ` +
          "signs in as does not exist; `k8sm up` creates it (with a cluster-admin binding), or " +
          "create it yourself and bind it to the role the dashboard should have",
      ));
    }
    const issued = issueServiceAccountToken(key, {
      namespace: DASHBOARD_NAMESPACE,
      name: DASHBOARD_SERVICE_ACCOUNT,
      uid: sa.metadata.uid ?? "",
      expirationSeconds: LOGIN_TOKEN_SECONDS,
    }, opts.issuer);
    return await codes.mint({ token: issued.token, expires: issued.expirationTimestamp });
  };

  const exchange = async (req: Request): Promise<Response> => {
    const type = (req.headers.get("content-type") ?? "").split(";")[0].trim();
    if (type !== "application/json") throw errors.unsupportedMediaType(type, ["application/json"]);
    const body = await readBody(req);
    const code = (body as { code?: unknown } | null)?.code;
    if (typeof code !== "string" || code === "") {
      throw errors.badRequest('code: Required value: send {"code": "<the code of the link>"}');
    }
    const credential = await codes.redeem(code);
    if (!credential) {
      log.warn("refused a dashboard sign-in code: unknown, already used or expired");
      throw errors.unauthorized(USED_LINK_MESSAGE);
    }
    log.info("a dashboard sign-in code was used");
    return json(200, credential);
  };

  const issue = async (req: Request): Promise<Response> => {
    await req.body?.cancel();
    const user = opts.access?.userOf(req);
    // No gate on this request (an open API, or its insecure port): nobody needs to sign in.
    if (!opts.access || !user) return json(200, { signInRequired: false, path: DASHBOARD_PATH });
    const attrs = mintAttributes(user);
    const decision = opts.access.authorizer.authorize(attrs);
    if (!decision.allowed) {
      log.warn(
        `refused a dashboard sign-in link to ${user.name}: ` +
          (decision.reason || "not allowed to create serviceaccounts/token for the dashboard"),
      );
      throw new errors.ApiError(forbiddenStatus(attrs, decision.reason));
    }
    const minted = await mint();
    log.info(`${user.name} created a dashboard sign-in link (until ${minted.expires})`);
    const answer: LoginLinkAnswer = {
      signInRequired: true,
      path: `${DASHBOARD_PATH}#code=${minted.code}`,
      ...minted,
    };
    return json(201, answer);
  };

  return {
    mint,
    async route(req, url) {
      const path = url.pathname;
      if (path !== LOGIN_PATH && path !== LOGIN_LINKS_PATH) return undefined;
      if (req.method !== "POST") throw errors.methodNotAllowed(req.method, path);
      return path === LOGIN_PATH ? await exchange(req) : await issue(req);
    },
  };
}
