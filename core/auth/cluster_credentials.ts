/**
 * Credentials for a k8sm cluster of separate processes or machines (the seed's flow, secured),
 * in one directory an operator distributes: the cluster PKI (`tls/`), a kubeconfig per
 * component and for the admin, and the Mesos framework credential (JSON for mesos-local's
 * `--credentials`, and the bare secret for the scheduler's `--mesos-authentication-secret-file`).
 * Existing files are reused, so running it again only adds what is missing. `addUser` makes a
 * client certificate and kubeconfig for one more person.
 */
import { KUBELET_CLIENT_USER } from "../executor/kubelet_guard.ts";
import { kubeconfigText } from "../up/kubeconfig_file.ts";
import { CONTROLLER_MANAGER_USER, PROXY_USER, SCHEDULER_USER } from "./component_roles.ts";
import { type ClusterPki, loadOrCreateClusterPki } from "./pki/cluster_pki.ts";
import { MASTERS_GROUP } from "./user_info.ts";

/** The Mesos principal of the k8sm framework. */
export const FRAMEWORK_PRINCIPAL = "k8sm";

/** What `writeClusterCredentials` made, by purpose (absolute paths). */
export interface ClusterCredentialFiles {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  serviceAccountKey: string;
  kubeletClientCert: string;
  kubeletClientKey: string;
  kubeconfigs: Record<"admin" | "scheduler" | "controller-manager" | "proxy", string>;
  mesosCredentials: string;
  mesosSecret: string;
}

async function writePrivate(path: string, text: string): Promise<void> {
  await Deno.writeTextFile(path, text, { mode: 0o600 });
  await Deno.chmod(path, 0o600);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

async function frameworkSecret(dir: string): Promise<string> {
  const secretFile = `${dir}/mesos-secret`;
  if (await exists(secretFile)) return (await Deno.readTextFile(secretFile)).trim();
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const secret = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  await writePrivate(secretFile, `${secret}\n`);
  return secret;
}

async function kubeconfigFor(
  pki: ClusterPki,
  server: string,
  path: string,
  name: string,
  user: string,
  groups: string[],
): Promise<void> {
  const cert = await pki.issueClientCert(name, groups, { user });
  const text = kubeconfigText(server, {
    caPem: pki.ca.certPem,
    certPem: cert.certPem,
    keyPem: cert.keyPem,
  });
  await writePrivate(path, text);
}

/**
 * Writes (or completes) the credential directory for a cluster whose apiserver is reached at
 * `server` (e.g. https://master:6443) and whose serving certificate covers `sans`.
 */
export async function writeClusterCredentials(
  dir: string,
  server: string,
  sans: string[],
): Promise<ClusterCredentialFiles> {
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  await Deno.chmod(dir, 0o700);
  const host = new URL(server).hostname.replace(/^\[|\]$/g, "");
  const pki = await loadOrCreateClusterPki(dir, { sans: [host, ...sans] });
  const kc = (n: string) => `${dir}/${n}.kubeconfig`;
  await kubeconfigFor(pki, server, kc("admin"), "admin", "k8sm-admin", [MASTERS_GROUP]);
  await kubeconfigFor(pki, server, kc("scheduler"), "scheduler", SCHEDULER_USER, []);
  await kubeconfigFor(
    pki,
    server,
    kc("controller-manager"),
    "controller-manager",
    CONTROLLER_MANAGER_USER,
    [],
  );
  await kubeconfigFor(pki, server, kc("proxy"), "proxy", PROXY_USER, []);
  const kubelet = await pki.issueClientCert("apiserver-kubelet-client", [], {
    user: KUBELET_CLIENT_USER,
  });
  const secret = await frameworkSecret(dir);
  const mesosCredentials = `${dir}/mesos-credentials.json`;
  await writePrivate(
    mesosCredentials,
    `${JSON.stringify({ credentials: [{ principal: FRAMEWORK_PRINCIPAL, secret }] }, null, 2)}\n`,
  );
  return {
    dir,
    caCert: pki.ca.certFile,
    serverCert: pki.server.certFile,
    serverKey: pki.server.keyFile,
    serviceAccountKey: pki.serviceAccount.keyFile,
    kubeletClientCert: kubelet.certFile,
    kubeletClientKey: kubelet.keyFile,
    kubeconfigs: {
      admin: kc("admin"),
      scheduler: kc("scheduler"),
      "controller-manager": kc("controller-manager"),
      proxy: kc("proxy"),
    },
    mesosCredentials,
    mesosSecret: `${dir}/mesos-secret`,
  };
}

/** Issues a client certificate for `user` in `groups`; returns its kubeconfig's path. */
export async function addUser(
  dir: string,
  server: string,
  user: string,
  groups: string[],
): Promise<string> {
  if (!/^[A-Za-z0-9][A-Za-z0-9@._:-]*$/.test(user)) {
    throw new Error(
      `the user name "${user}" may hold only letters, digits and @ . _ : - (and must start ` +
        "with a letter or digit)",
    );
  }
  if (!await exists(`${dir}/tls/ca.key`)) {
    throw new Error(
      `${dir} holds no cluster CA (tls/ca.key); run "k8sm certs init --dir ${dir}" first, or ` +
        "point --dir at the data dir of k8sm up",
    );
  }
  const pki = await loadOrCreateClusterPki(dir, {});
  await Deno.mkdir(`${dir}/users`, { recursive: true, mode: 0o700 });
  const path = `${dir}/users/${user.replaceAll(":", "_")}.kubeconfig`;
  await kubeconfigFor(pki, server, path, `user-${user.replaceAll(":", "_")}`, user, groups);
  return path;
}
