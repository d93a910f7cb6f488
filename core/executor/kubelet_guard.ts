/**
 * Who may use an executor's kubelet endpoint (container logs, pods, metrics; exec and
 * port-forward later). Like a kubelet with `--client-ca-file` and webhook authorization: a
 * client certificate signed by the cluster CA naming the apiserver's kubelet-client identity
 * (or a `system:masters` member) is let in; a bearer token is let in when the apiserver's
 * TokenReview accepts it and its SubjectAccessReview allows the verb on `nodes/<sub>`;
 * everything else gets 401 (no credential) or 403. `/healthz` is public. Until the executor
 * learned whether its cluster is secured (the first task's credentials), requests get 503.
 */
import { verifyClientCertificate } from "../auth/pki/verify_client_certificate.ts";
import { MASTERS_GROUP, type UserInfo } from "../auth/user_info.ts";
import type { ConnInfo } from "../apiserver/conn_info.ts";
import { makeStatus } from "../api/status.ts";

/** The user name of the apiserver's client certificate towards executors. */
export const KUBELET_CLIENT_USER = "system:k8sm:apiserver-kubelet-client";

/** Asks the apiserver who a token belongs to and whether it may do `verb` on nodes/`sub`. */
export type TokenReviewer = (
  token: string,
  access: { verb: string; node: string; subresource: string },
) => Promise<{ user?: UserInfo; allowed: boolean; reason?: string }>;

/** How the guard is configured: unknown (not yet), open (no credentials), or secured. */
type Mode =
  | { kind: "unknown" }
  | { kind: "open" }
  | { kind: "secured"; clientCaPem: string; reviewer?: TokenReviewer };

function status(code: number, reason: string, message: string): Response {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (code === 401) headers["www-authenticate"] = 'Bearer realm="k8sm-executor"';
  return new Response(JSON.stringify(makeStatus(code, reason, message)), {
    status: code,
    headers,
  });
}

/** The kubelet subresource a path falls under (kubelet's authorizer mapping). */
export function kubeletSubresource(path: string): string {
  if (path.startsWith("/metrics")) return "metrics";
  if (path.startsWith("/logs")) return "log";
  if (path.startsWith("/stats")) return "stats";
  return "proxy";
}

/** Authenticates and authorises kubelet-endpoint requests. */
export class KubeletGuard {
  #mode: Mode = { kind: "unknown" };
  readonly #nodeName: () => string;

  /** `nodeName` yields the executor's Node name once known (for SubjectAccessReviews). */
  constructor(nodeName: () => string) {
    this.#nodeName = nodeName;
  }

  /** The cluster is secured: trust client certificates from `clientCaPem`, review tokens. */
  secure(clientCaPem: string, reviewer?: TokenReviewer): void {
    this.#mode = { kind: "secured", clientCaPem, reviewer };
  }

  /** The cluster runs open (no credentials were handed to this executor). */
  open(): void {
    if (this.#mode.kind === "unknown") this.#mode = { kind: "open" };
  }

  /** True once secured. */
  get secured(): boolean {
    return this.#mode.kind === "secured";
  }

  /** Undefined when the request may go on; else the 401/403/503 answer. */
  async check(req: Request, conn: ConnInfo | undefined): Promise<Response | undefined> {
    const path = new URL(req.url).pathname;
    if (path === "/healthz") return undefined;
    const mode = this.#mode;
    if (mode.kind === "open") return undefined;
    if (mode.kind === "unknown") {
      return status(503, "ServiceUnavailable", "the executor is not configured yet; retry");
    }
    if (conn?.peerCertificates?.length) {
      const who = verifyClientCertificate(conn.peerCertificates, [mode.clientCaPem]);
      if ("error" in who) return status(401, "Unauthorized", `Unauthorized: ${who.error}`);
      if (who.user === KUBELET_CLIENT_USER || who.groups.includes(MASTERS_GROUP)) {
        return undefined;
      }
      return status(
        403,
        "Forbidden",
        `User "${who.user}" is not allowed to use the kubelet endpoint of node ` +
          `${this.#nodeName()}`,
      );
    }
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "")?.[1];
    if (!token) return status(401, "Unauthorized", "Unauthorized");
    if (!mode.reviewer) return status(401, "Unauthorized", "Unauthorized: tokens are not accepted");
    const subresource = kubeletSubresource(path);
    const verb = req.method === "GET" || req.method === "HEAD" ? "get" : "create";
    let review;
    try {
      review = await mode.reviewer(token, { verb, node: this.#nodeName(), subresource });
    } catch (e) {
      return status(
        503,
        "ServiceUnavailable",
        `cannot review the token with the apiserver: ${e instanceof Error ? e.message : e}`,
      );
    }
    if (!review.user) return status(401, "Unauthorized", "Unauthorized");
    if (!review.allowed) {
      return status(
        403,
        "Forbidden",
        `User "${review.user.name}" cannot ${verb} resource "nodes/${subresource}" in API ` +
          `group "" for node ${this.#nodeName()}${review.reason ? `: ${review.reason}` : ""}`,
      );
    }
    return undefined;
  }
}
