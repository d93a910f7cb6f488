/**
 * Everything `k8sm up` generates to run secured, like k3s: the cluster PKI under
 * `<data-dir>/tls/` (CA, serving certificate with the asked SANs, service-account key), one
 * client certificate per identity (the admin in `system:masters`; scheduler, controller-manager
 * and proxy as their `system:k8sm:*` users; the apiserver's kubelet client), and the Mesos
 * framework credential in `<data-dir>/mesos-credentials.json` (0600). All of it is reused on
 * restart, so kubeconfigs and credentials handed out stay valid.
 */
import type { ApiSecurity } from "../apiserver/auth/api_security.ts";
import type { TlsOptions } from "../apiserver/auth/tls_options.ts";
import type { KubeletClientIdentity } from "../apiserver/kubelet_target.ts";
import { CONTROLLER_MANAGER_USER, PROXY_USER, SCHEDULER_USER } from "../auth/component_roles.ts";
import { signingKeyFromPem, verifyKeysFromPem } from "../auth/jwt.ts";
import {
  type ClusterPki,
  type IssuedFiles,
  loadOrCreateClusterPki,
} from "../auth/pki/cluster_pki.ts";
import { MASTERS_GROUP } from "../auth/user_info.ts";
import type { RestConfig } from "../client/rest_client.ts";
import { KUBELET_CLIENT_USER } from "../executor/kubelet_guard.ts";
import type { LocalAuthentication } from "../mesos/local/http_authentication.ts";

/** The user name of the admin credential in the kubeconfig `up` writes. */
export const ADMIN_USER = "k8sm-admin";
/** The Mesos principal of the k8sm framework under `up`. */
export const UP_MESOS_PRINCIPAL = "k8sm";

/** A component's identity towards the apiserver: a client certificate (PEM) and the CA. */
export type ComponentIdentity = Omit<RestConfig, "server">;

/** What `up` secures its cluster with. */
export interface UpSecurity {
  pki: ClusterPki;
  tls: TlsOptions;
  api: ApiSecurity;
  admin: IssuedFiles;
  scheduler: ComponentIdentity;
  controllers: ComponentIdentity;
  proxy: ComponentIdentity;
  mesos: { principal: string; secret: string; authentication: LocalAuthentication };
}

async function mesosSecret(dataDir: string): Promise<string> {
  const path = `${dataDir}/mesos-credentials.json`;
  try {
    const doc = JSON.parse(await Deno.readTextFile(path)) as {
      credentials?: { principal?: string; secret?: string }[];
    };
    const found = doc.credentials?.find((c) => c.principal === UP_MESOS_PRINCIPAL)?.secret;
    if (found) return found;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound) && !(e instanceof SyntaxError)) throw e;
  }
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const secret = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const text = JSON.stringify(
    { credentials: [{ principal: UP_MESOS_PRINCIPAL, secret }] },
    null,
    2,
  );
  await Deno.writeTextFile(path, `${text}\n`, { mode: 0o600 });
  await Deno.chmod(path, 0o600);
  return secret;
}

function identity(pki: ClusterPki, cert: IssuedFiles): ComponentIdentity {
  return { caCerts: [pki.ca.certPem], certChain: cert.certPem, privateKey: cert.keyPem };
}

/** Loads or creates the cluster's credentials under `dataDir`; `sans` are extra serving names. */
export async function prepareUpSecurity(dataDir: string, sans: string[]): Promise<UpSecurity> {
  const pki = await loadOrCreateClusterPki(dataDir, { sans });
  const admin = await pki.issueClientCert("admin", [MASTERS_GROUP], { user: ADMIN_USER });
  const scheduler = await pki.issueClientCert("scheduler", [], { user: SCHEDULER_USER });
  const controllers = await pki.issueClientCert("controller-manager", [], {
    user: CONTROLLER_MANAGER_USER,
  });
  const proxy = await pki.issueClientCert("proxy", [], { user: PROXY_USER });
  const kubelet = await pki.issueClientCert("apiserver-kubelet-client", [], {
    user: KUBELET_CLIENT_USER,
  });
  const kubeletClient: KubeletClientIdentity = {
    certChain: kubelet.certPem,
    privateKey: kubelet.keyPem,
  };
  const secret = await mesosSecret(dataDir);
  return {
    pki,
    tls: { cert: pki.server.certPem, key: pki.server.keyPem },
    api: {
      clientCaPems: [pki.ca.certPem],
      serviceAccountSigningKey: signingKeyFromPem(pki.serviceAccount.keyPem),
      serviceAccountKeys: verifyKeysFromPem([pki.serviceAccount.publicKeyPem]),
      authorizationMode: "RBAC",
      kubeletClient,
    },
    admin,
    scheduler: identity(pki, scheduler),
    controllers: identity(pki, controllers),
    proxy: identity(pki, proxy),
    mesos: {
      principal: UP_MESOS_PRINCIPAL,
      secret,
      authentication: {
        credentials: [{ principal: UP_MESOS_PRINCIPAL, secret }],
        frameworks: true,
        httpReadonly: true,
        httpReadwrite: true,
        executors: true,
      },
    },
  };
}
