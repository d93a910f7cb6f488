/**
 * A secured in-process apiserver for acceptance tests: HTTPS with a serving certificate from a
 * fresh cluster CA, client-certificate authentication against that CA, node and ServiceAccount
 * tokens signed with a fresh key, RBAC with the bootstrap policy, and the apiserver's kubelet
 * client identity. `as(user, groups)` gives an HTTPS client presenting a client certificate
 * for that user; `kubeconfig(...)` writes the kubeconfig kubectl needs for it.
 */
import assert from "node:assert/strict";
import {
  type CertificateAndKey,
  createCaCertificate,
  createClientCertificate,
  createServingCertificate,
  generateEcKeyPair,
} from "../../core/auth/pki/certificate.ts";
import { signingKeyFromPem, verifyKeysFromPem } from "../../core/auth/jwt.ts";
import { MASTERS_GROUP } from "../../core/auth/user_info.ts";
import { KUBELET_CLIENT_USER } from "../../core/executor/kubelet_guard.ts";
import {
  type RunningApiServer,
  startApiServer,
  type StartApiServerOptions,
} from "../../core/apiserver/serve_api.ts";
import { kubeconfigText } from "../../core/up/kubeconfig_file.ts";

/** An HTTPS client of the secured apiserver with one identity. */
export interface ApiUser {
  /** The user name (client certificate CN), or a description for token users. */
  name: string;
  /** fetch relative to the server URL with this identity. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** fetch and parse the JSON body (always consumed). */
  json(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** The kubeconfig text for kubectl (certificate users only). */
  kubeconfig(): string;
}

/** A running secured apiserver and its cluster CA. */
export interface SecuredApiServer {
  url: string;
  server: RunningApiServer;
  /** The cluster CA (signs serving and client certificates). */
  ca: CertificateAndKey;
  /** The apiserver's kubelet client certificate (CN system:k8sm:apiserver-kubelet-client). */
  kubeletClient: CertificateAndKey;
  /** A user in system:masters. */
  admin: ApiUser;
  /** A client presenting a fresh client certificate for `user` in `groups`. */
  as(user: string, groups?: string[]): ApiUser;
  /** A client presenting the bearer `token`. */
  withToken(name: string, token: string): ApiUser;
  /** A client presenting no credential. */
  anonymous(): ApiUser;
  /** Stops the server and closes every client. */
  stop(): Promise<void>;
}

/** Where a secured test apiserver keeps its objects (default: memory). */
export type SecuredStoreOptions = Pick<
  StartApiServerOptions,
  "storage" | "dataDir" | "etcdServers" | "encryptionProviderConfig"
>;

/** Starts a secured apiserver (memory store unless `store` says otherwise, 127.0.0.1, a free port). */
export async function startSecuredApiServer(
  store: SecuredStoreOptions = {},
): Promise<SecuredApiServer> {
  const ca = createCaCertificate({ commonName: "k8sm-test-ca" });
  const serving = createServingCertificate(ca, { commonName: "k8sm-apiserver" }, [
    "127.0.0.1",
    "localhost",
  ]);
  const saKey = generateEcKeyPair();
  const kubeletClient = createClientCertificate(ca, KUBELET_CLIENT_USER);
  const server = await startApiServer({
    storage: "memory",
    ...store,
    address: "127.0.0.1",
    port: 0,
    tls: { cert: serving.certPem, key: serving.keyPem },
    security: {
      clientCaPems: [ca.certPem],
      serviceAccountSigningKey: signingKeyFromPem(saKey.privateKeyPem),
      serviceAccountKeys: verifyKeysFromPem([saKey.publicKeyPem]),
      authorizationMode: "RBAC",
      kubeletClient: { certChain: kubeletClient.certPem, privateKey: kubeletClient.keyPem },
    },
  });
  const clients: Deno.HttpClient[] = [];
  const user = (
    name: string,
    opts: { cert?: CertificateAndKey; token?: string },
  ): ApiUser => {
    const client = opts.cert
      ? Deno.createHttpClient({
        caCerts: [ca.certPem],
        cert: opts.cert.certPem,
        key: opts.cert.keyPem,
      })
      : Deno.createHttpClient({ caCerts: [ca.certPem] });
    clients.push(client);
    const doFetch = (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
      return fetch(`${server.url}${path}`, { ...init, headers, client });
    };
    return {
      name,
      fetch: doFetch,
      async json(path, init) {
        const res = await doFetch(path, init);
        const text = await res.text();
        try {
          return { status: res.status, body: JSON.parse(text) };
        } catch {
          throw new Error(`${init?.method ?? "GET"} ${path} → ${res.status} non-JSON: ${text}`);
        }
      },
      kubeconfig() {
        if (!opts.cert) throw new Error(`user ${name} has no client certificate for kubectl`);
        return kubeconfigText(server.url, {
          caPem: ca.certPem,
          certPem: opts.cert.certPem,
          keyPem: opts.cert.keyPem,
        });
      },
    };
  };
  const as = (name: string, groups: string[] = []) =>
    user(name, { cert: createClientCertificate(ca, name, groups) });
  return {
    url: server.url,
    server,
    ca,
    kubeletClient,
    admin: as("test-admin", [MASTERS_GROUP]),
    as,
    withToken: (name, token) => user(name, { token }),
    anonymous: () => user("anonymous", {}),
    async stop() {
      for (const c of clients) c.close();
      await server.close();
    },
  };
}

/** A JSON request init (merge patches with `contentType` application/merge-patch+json). */
export function jsonRequest(
  method: string,
  body: unknown,
  contentType = "application/json",
): RequestInit {
  return { method, headers: { "content-type": contentType }, body: JSON.stringify(body) };
}

/** A minimal Pod in `namespace`, optionally bound to `nodeName`. */
export function podManifest(
  name: string,
  opts: { namespace?: string; nodeName?: string; labels?: Record<string, string> } = {},
): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      ...(opts.namespace ? { namespace: opts.namespace } : {}),
      labels: opts.labels ?? {},
    },
    spec: {
      ...(opts.nodeName ? { nodeName: opts.nodeName } : {}),
      containers: [{ name: "main", image: "busybox" }],
    },
  };
}

/** Throws a sentence when `res` is not `status`; returns the (consumed) body text. */
export async function expectStatus(res: Response, status: number, what: string): Promise<string> {
  const text = await res.text();
  if (res.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${res.status}: ${text}`);
  }
  return text;
}

/** Sends the request as `u` and asserts kube-apiserver's 403 Status with `message`. */
export async function expectForbidden(
  u: ApiUser,
  path: string,
  init: RequestInit,
  message: string,
): Promise<void> {
  const r = await u.json(path, init);
  const what = `${u.name} ${init.method ?? "GET"} ${path}`;
  assert.equal(r.status, 403, `${what}: ${JSON.stringify(r.body)}`);
  assert.equal(r.body.kind, "Status", what);
  assert.equal(r.body.reason, "Forbidden", what);
  assert.equal(r.body.message, message, what);
}
