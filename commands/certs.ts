/**
 * `k8sm certs`: credentials for a secured cluster of separate processes. `init` writes the CA,
 * the apiserver's serving certificate, a kubeconfig per component and for the admin, and the
 * Mesos framework credential into one directory, then prints the flags that use them; `user`
 * adds a person (client certificate + kubeconfig) to a cluster made by `init` or `k8sm up`.
 */
import { Command } from "commander";
import { addUser, writeClusterCredentials } from "../core/auth/cluster_credentials.ts";
import { resolveDataDir } from "../core/storage/open_store.ts";
import { loadKubeconfigContext } from "../core/client/kubeconfig.ts";

const collect = (v: string, prev: string[] = []) => [...prev, v];

function fail(message: string): never {
  console.error(`k8sm certs: ${message}`);
  Deno.exit(1);
}

function serverUrl(text: string): string {
  const url = /^[a-z]+:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const u = new URL(url);
    if (u.protocol !== "https:") throw new Error("not https");
    return u.origin;
  } catch {
    fail(`--apiserver "${text}" is not an https URL; write it like https://master:6443`);
  }
}

/** `k8sm certs init`. */
function initCommand(): Command {
  return new Command("init")
    .description("Write the CA, certificates, kubeconfigs and Mesos credential of a cluster")
    .requiredOption("--dir <dir>", "directory to write (made 0700)")
    .option("--apiserver <url>", "the apiserver URL components will use", "https://127.0.0.1:6443")
    .option("--tls-san <name>", "extra host name or IP of the apiserver (repeatable)", collect)
    .action(async (flags: { dir: string; apiserver: string; tlsSan?: string[] }) => {
      const dir = resolveDataDir(flags.dir);
      const server = serverUrl(flags.apiserver);
      let f;
      try {
        f = await writeClusterCredentials(dir, server, flags.tlsSan ?? []);
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
      const port = new URL(server).port || "443";
      const host = new URL(server).hostname;
      const lines = [
        `Credentials in ${f.dir} (keep the directory private; copy each file only where needed).`,
        "",
        "mesos-local (or a Mesos master with the same credentials):",
        `  k8sm mesos-local --authenticate-frameworks --authenticate-http-readonly \\`,
        `    --authenticate-http-readwrite --authenticate-http-executors --credentials=${f.mesosCredentials}`,
        "apiserver (sqlite in --data-dir; give --etcd-servers=http://HOST:2379 for etcd instead):",
        `  k8sm apiserver --address=0.0.0.0 --port=${port} --data-dir=${f.dir}/apiserver-data \\`,
        `    --tls-cert-file=${f.serverCert} \\`,
        `    --tls-private-key-file=${f.serverKey} --client-ca-file=${f.caCert} \\`,
        `    --service-account-signing-key-file=${f.serviceAccountKey} --authorization-mode=RBAC \\`,
        `    --kubelet-client-certificate=${f.kubeletClientCert} --kubelet-client-key=${f.kubeletClientKey}`,
        "scheduler (--container-runtime=process where no Docker API runs on the agents):",
        `  k8sm scheduler --kubeconfig=${f.kubeconfigs.scheduler} --mesos-master=${host}:5050 \\`,
        `    --container-runtime=docker --data-dir=${f.dir}/scheduler-data \\`,
        `    --mesos-authentication-principal=k8sm --mesos-authentication-secret-file=${f.mesosSecret}`,
        "controller-manager and proxy:",
        `  k8sm controller-manager --kubeconfig=${f.kubeconfigs["controller-manager"]}`,
        `  k8sm proxy --kubeconfig=${f.kubeconfigs.proxy}`,
        "you:",
        `  export KUBECONFIG=${f.kubeconfigs.admin}`,
      ];
      console.log(lines.join("\n"));
    });
}

/** The server of the admin kubeconfig `certs init` or `up` wrote into `dir`, if any. */
function knownServer(dir: string): string | undefined {
  for (const file of ["admin.kubeconfig", "kubeconfig"]) {
    try {
      const ctx = loadKubeconfigContext([`${dir}/${file}`]);
      if (ctx?.server) return ctx.server;
    } catch {
      // unreadable: try the next one
    }
  }
  return undefined;
}

/** `k8sm certs user`. */
function userCommand(): Command {
  return new Command("user")
    .description("Add a user: a client certificate (CN = name, O = groups) and its kubeconfig")
    .argument("<name>", "the user name RBAC bindings refer to")
    .option("--group <group>", "a group of the user (repeatable)", collect)
    .option("--dir <dir>", "the credential directory of certs init, or up's data dir", "~/.k8sm")
    .option(
      "--apiserver <url>",
      "the apiserver URL written into the kubeconfig (default: the one in the dir's kubeconfig)",
    )
    .action(async (name: string, flags: { group?: string[]; dir: string; apiserver?: string }) => {
      let path;
      try {
        const dir = resolveDataDir(flags.dir);
        const server = flags.apiserver ? serverUrl(flags.apiserver) : await knownServer(dir) ??
          fail(
            `no kubeconfig in ${dir} names the apiserver; pass --apiserver https://HOST:PORT`,
          );
        path = await addUser(dir, server, name, flags.group ?? []);
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
      console.log(`kubeconfig for user "${name}": ${path}`);
      console.log(
        `Grant access, e.g.: kubectl create rolebinding ${name}-edit --clusterrole=edit ` +
          `--user=${name} --namespace=default`,
      );
    });
}

/** `k8sm certs`: make and hand out cluster credentials. */
export function certsCommand(): Command {
  return new Command("certs")
    .description("Make the credentials of a secured cluster, and add users")
    .addCommand(initCommand())
    .addCommand(userCommand());
}
