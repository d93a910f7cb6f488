/**
 * What `k8sm dashboard` prints: the dashboard's address on the API the client configuration
 * names, and a fresh single-use sign-in link, asked of the apiserver with the caller's own
 * credentials (POST LOGIN_LINKS_PATH; see login_routes.ts for who may). An API without
 * authentication answers that nobody needs to sign in.
 */
import { ApiError } from "../api/status.ts";
import { RestClient, type RestConfig } from "../client/rest_client.ts";
import { DASHBOARD_PATH } from "./dashboard_route.ts";
import { loginLinkUrl } from "./login_link.ts";
import {
  DASHBOARD_NAMESPACE,
  DASHBOARD_SERVICE_ACCOUNT,
  LOGIN_LINKS_PATH,
  type LoginLinkAnswer,
} from "./login_routes.ts";

/** The dashboard of one API, and how to sign in to it. */
export interface DashboardAccess {
  /** `<api>/ui/`. */
  url: string;
  /** The single-use link; absent when the API needs no sign-in. */
  signIn?: {
    url: string;
    /** When the link stops working unused (RFC 3339). */
    expires: string;
    /** When the session it opens ends (RFC 3339). */
    tokenExpires: string;
  };
}

/** Why the caller may not mint a link, as a sentence saying what to do. */
function refusal(e: ApiError, server: string): Error {
  if (e.code === 401) {
    return new Error(
      `the API at ${server} did not accept your credentials (${e.message}); check the ` +
        "kubeconfig context (--context, --kubeconfig) or pass --token",
    );
  }
  if (e.code === 403) {
    return new Error(
      `you may not create dashboard sign-in links on ${server}: that needs permission to ` +
        `create serviceaccounts/token for ${DASHBOARD_NAMESPACE}/${DASHBOARD_SERVICE_ACCOUNT} ` +
        `(cluster-admin has it). Ask an admin for a link, or open ${server}${DASHBOARD_PATH} and ` +
        `sign in with your own token (kubectl create token NAME). The API said: ${e.message}`,
    );
  }
  if (e.code === 404 && /could not find the requested resource/.test(e.message)) {
    return new Error(
      `the API at ${server} serves no dashboard sign-in links (${LOGIN_LINKS_PATH} is not ` +
        "found): it is not a k8sm apiserver, or an older one",
    );
  }
  return e;
}

/** Asks the API `config` names for a new sign-in link, with `config`'s credentials. */
export async function requestDashboardAccess(config: RestConfig): Promise<DashboardAccess> {
  const server = config.server.replace(/\/+$/, "");
  const client = new RestClient(config);
  let answer: LoginLinkAnswer;
  try {
    answer = await client.requestJson<LoginLinkAnswer>("POST", LOGIN_LINKS_PATH, { body: {} });
  } catch (e) {
    throw e instanceof ApiError ? refusal(e, server) : e;
  } finally {
    client.close();
  }
  const url = `${server}${DASHBOARD_PATH}`;
  if (!answer.signInRequired) return { url };
  if (typeof answer.code !== "string" || answer.code === "") {
    throw new Error(`the API at ${server} answered ${LOGIN_LINKS_PATH} without a code`);
  }
  return {
    url,
    signIn: {
      url: loginLinkUrl(server, answer.code),
      expires: answer.expires,
      tokenExpires: answer.tokenExpires,
    },
  };
}
