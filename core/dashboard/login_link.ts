/**
 * The single-use sign-in link `k8sm up` prints: `<api>/ui/#code=<code>`. The code stands for a
 * one-hour TokenRequest token of the ServiceAccount `kube-system/k8sm-dashboard`, bound to
 * `cluster-admin` (the dashboard of the operator who ran `up`); the page trades it once, within
 * ten minutes, for that token (login_routes.ts), so the link works once and the token never
 * appears in a URL. The token is an ordinary API credential: the API checks it on every request
 * and refuses it once it expires or once the ServiceAccount is deleted (which revokes every
 * session). The page keeps it only in the tab's sessionStorage and signs out at its expiry, so
 * a dashboard session never outlives its credential.
 */
import { ApiError } from "../api/status.ts";
import { RestClient, type RestConfig } from "../client/rest_client.ts";
import { DASHBOARD_PATH } from "./dashboard_route.ts";
import type { MintedLoginCode } from "./login_codes.ts";
import { DASHBOARD_NAMESPACE, DASHBOARD_SERVICE_ACCOUNT } from "./login_routes.ts";

/** A printed sign-in link, when it stops working unused, and when its session ends. */
export interface LoginLink {
  url: string;
  expires: string;
  tokenExpires: string;
}

/** The link for `code` on the API at `server`. */
export function loginLinkUrl(server: string, code: string): string {
  return `${server.replace(/\/+$/, "")}${DASHBOARD_PATH}#code=${code}`;
}

async function createIfMissing(client: RestClient, path: string, body: unknown): Promise<void> {
  try {
    await client.requestJson("POST", path, { body });
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 409)) throw e;
  }
}

/** Creates the dashboard's ServiceAccount and its cluster-admin binding (as `api`, an admin). */
export async function ensureDashboardServiceAccount(api: RestConfig): Promise<void> {
  const client = new RestClient(api);
  try {
    await createIfMissing(client, `/api/v1/namespaces/${DASHBOARD_NAMESPACE}/serviceaccounts`, {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: DASHBOARD_SERVICE_ACCOUNT, namespace: DASHBOARD_NAMESPACE },
    });
    await createIfMissing(client, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: DASHBOARD_SERVICE_ACCOUNT },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "cluster-admin",
      },
      subjects: [{
        kind: "ServiceAccount",
        name: DASHBOARD_SERVICE_ACCOUNT,
        namespace: DASHBOARD_NAMESPACE,
      }],
    });
  } finally {
    client.close();
  }
}

/**
 * Ensures the ServiceAccount and its binding (as `api`, an admin) and mints a code with `mint`
 * (the apiserver's own store, in-process).
 */
export async function dashboardLoginLink(
  api: RestConfig,
  mint: () => Promise<MintedLoginCode>,
): Promise<LoginLink> {
  await ensureDashboardServiceAccount(api);
  const minted = await mint();
  return {
    url: loginLinkUrl(api.server, minted.code),
    expires: minted.expires,
    tokenExpires: minted.tokenExpires,
  };
}
