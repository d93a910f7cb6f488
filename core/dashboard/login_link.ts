/**
 * The one-click sign-in link `k8sm up` prints: `<api>/ui/#token=<JWT>`. The token is a
 * TokenRequest token of the ServiceAccount `kube-system/k8sm-dashboard`, bound to
 * `cluster-admin` (the dashboard of the operator who ran `up`), valid for one hour. It is an
 * ordinary API credential, so the API checks it on every request and refuses it once it expires
 * or once the ServiceAccount is deleted (which revokes every link). The page removes it from the
 * address bar at once, keeps it only in the tab's sessionStorage and signs out at its expiry, so
 * a dashboard session never outlives its credential. The token rides in the URL fragment, which
 * browsers never send to a server or in a Referer.
 */
import { ApiError } from "../api/status.ts";
import { RestClient, type RestConfig } from "../client/rest_client.ts";
import { DASHBOARD_PATH } from "./dashboard_route.ts";

/** The ServiceAccount (in kube-system) whose tokens the login links carry. */
export const DASHBOARD_SERVICE_ACCOUNT = "k8sm-dashboard";
/** How long a printed login link works (kube-apiserver's default TokenRequest lifetime). */
export const LOGIN_LINK_SECONDS = 3600;

/** A printed sign-in link and when it stops working. */
export interface LoginLink {
  url: string;
  expires: string;
}

async function createIfMissing(client: RestClient, path: string, body: unknown): Promise<void> {
  try {
    await client.requestJson("POST", path, { body });
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 409)) throw e;
  }
}

/** Ensures the ServiceAccount and its binding (as `api`, an admin) and issues a link. */
export async function dashboardLoginLink(
  api: RestConfig,
  seconds = LOGIN_LINK_SECONDS,
): Promise<LoginLink> {
  const client = new RestClient(api);
  try {
    await createIfMissing(client, "/api/v1/namespaces/kube-system/serviceaccounts", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: DASHBOARD_SERVICE_ACCOUNT, namespace: "kube-system" },
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
        namespace: "kube-system",
      }],
    });
    const issued = await client.requestJson<
      { status?: { token?: string; expirationTimestamp?: string } }
    >(
      "POST",
      `/api/v1/namespaces/kube-system/serviceaccounts/${DASHBOARD_SERVICE_ACCOUNT}/token`,
      {
        body: {
          apiVersion: "authentication.k8s.io/v1",
          kind: "TokenRequest",
          spec: { expirationSeconds: seconds },
        },
      },
    );
    const token = issued.status?.token;
    if (!token) {
      throw new Error("the apiserver answered the dashboard's TokenRequest without a token");
    }
    return {
      url: `${api.server.replace(/\/+$/, "")}${DASHBOARD_PATH}#token=${encodeURIComponent(token)}`,
      expires: issued.status?.expirationTimestamp ?? "",
    };
  } finally {
    client.close();
  }
}
