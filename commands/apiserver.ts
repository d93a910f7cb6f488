/**
 * `k8sm apiserver`: runs the Kubernetes API server (v1, the API groups and the seed's v1beta1)
 * on sqlite, etcd or memory. With `--tls-cert-file` it serves HTTPS and authenticates with
 * client certificates (`--client-ca-file`), static tokens and service-account/node tokens,
 * authorising with `--authorization-mode=RBAC`. Without authentication flags it is open, as the
 * seed's was, and says so loudly when bound beyond loopback. `--insecure-port` adds the seed's
 * unauthenticated port beside a secure one.
 */
import { Command } from "commander";
import { startApiServer } from "../core/apiserver/serve_api.ts";
import { isLoopback } from "../core/up/all_in_one.ts";
import { logger } from "../core/util/log.ts";

interface ApiserverFlags {
  address: string;
  port: string;
  etcdServers?: string;
  dataDir?: string;
  encryptionProviderConfig?: string;
  storage?: string;
  portalNet: string;
  serviceNodePortRange: string;
  tokenAuthFile?: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  clientCaFile?: string;
  serviceAccountKeyFile?: string[];
  serviceAccountSigningKeyFile?: string;
  serviceAccountIssuer?: string;
  authorizationMode?: string;
  kubeletClientCertificate?: string;
  kubeletClientKey?: string;
  insecurePort?: string;
  insecureBindAddress: string;
  maxRequestsInflight: string;
  maxMutatingRequestsInflight: string;
  requestHeaderTimeout: string;
}

const STORAGES = ["sqlite", "etcd", "memory"] as const;

function fail(message: string, code = 2): never {
  console.error(`k8sm apiserver: ${message}`);
  Deno.exit(code);
}

function portFlag(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`--${name} "${value}" is not a port number (0-65535)`);
  }
  return port;
}

function countFlag(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) fail(`--${name} "${value}" is not a whole number (0 = no limit)`);
  return n;
}

function secondsFlag(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    fail(`--${name} "${value}" is not a positive number of seconds`);
  }
  return n;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `k8sm apiserver`: Run the Kubernetes API server. */
export function apiserverCommand(): Command {
  return new Command("apiserver")
    .description("Run the Kubernetes API server (the seed's kube-apiserver)")
    .option("--address <ip>", "address to listen on (0.0.0.0 for every interface)", "127.0.0.1")
    .option("--port <port>", "port to listen on (HTTPS with --tls-cert-file)", "8080")
    .option("--etcd-servers <urls>", "etcd client URLs, comma separated (selects etcd storage)")
    .option("--data-dir <dir>", "directory of the sqlite store", "~/.k8sm")
    .option(
      "--storage <kind>",
      "sqlite, etcd or memory (default: etcd with --etcd-servers, else sqlite)",
    )
    .option(
      "--encryption-provider-config <file>",
      "EncryptionConfiguration (apiserver.config.k8s.io/v1) of the resources to encrypt at rest",
    )
    .option("--portal-net <cidr>", "IP range for service ClusterIPs", "10.10.10.0/24")
    .option("--service-node-port-range <range>", "port range for NodePort services", "30000-32767")
    .option("--tls-cert-file <file>", "PEM certificate (chain) to serve HTTPS with")
    .option("--tls-private-key-file <file>", "PEM private key of --tls-cert-file")
    .option(
      "--client-ca-file <file>",
      "PEM CA(s): client certificates they signed authenticate (CN = user, O = groups)",
    )
    .option(
      "--token-auth-file <file>",
      'static token CSV (token,user,uid,"group1,group2") for Bearer tokens',
    )
    .option(
      "--service-account-key-file <file>",
      "PEM key(s) verifying service-account and node tokens (repeatable)",
      collect,
    )
    .option(
      "--service-account-signing-key-file <file>",
      "PEM private key signing TokenRequests (kubectl create token) and executors' node tokens",
    )
    .option("--service-account-issuer <url>", "issuer of service-account tokens")
    .option("--authorization-mode <mode>", "RBAC, or AlwaysAllow (the default, as kube-apiserver)")
    .option(
      "--kubelet-client-certificate <file>",
      "client certificate shown to executors' kubelet endpoints (logs, exec)",
    )
    .option("--kubelet-client-key <file>", "key of --kubelet-client-certificate")
    .option(
      "--insecure-port <port>",
      "also serve plain HTTP without authentication here (the seed's port; keep it on loopback)",
    )
    .option(
      "--insecure-bind-address <ip>",
      "address of --insecure-port",
      "127.0.0.1",
    )
    .option(
      "--max-requests-inflight <n>",
      "read-only requests served at once before 429 Too Many Requests (0 = no limit)",
      "400",
    )
    .option(
      "--max-mutating-requests-inflight <n>",
      "mutating requests served at once before 429 Too Many Requests (0 = no limit)",
      "200",
    )
    .option(
      "--request-header-timeout <seconds>",
      "close connections that have not sent their request headers within this time",
      "30",
    )
    .option("--mesos-master <addr>", "accepted for the seed's command line; not used")
    .option("--cloud-provider <name>", "accepted for the seed's command line; not used")
    .option("--health-check-minions [bool]", "accepted for the seed's command line; not used")
    .action(async (flags: ApiserverFlags) => {
      const log = logger("apiserver");
      const port = portFlag("port", flags.port);
      const storage = flags.storage as (typeof STORAGES)[number] | undefined;
      if (storage !== undefined && !STORAGES.includes(storage)) {
        fail(`--storage "${flags.storage}" is not one of ${STORAGES.join(", ")}`);
      }
      const insecurePort = flags.insecurePort === undefined ? undefined : {
        address: flags.insecureBindAddress,
        port: portFlag("insecure-port", flags.insecurePort),
      };
      let server;
      try {
        server = await startApiServer({
          address: flags.address,
          port,
          storage,
          // kube-apiserver's behaviour: bound pods are marked Terminating; the scheduler kills
          // their task with the grace period and the executor removes them once stopped.
          gracefulPodDeletion: true,
          etcdServers: flags.etcdServers ? [flags.etcdServers] : undefined,
          dataDir: flags.dataDir,
          encryptionProviderConfig: flags.encryptionProviderConfig,
          portalNet: flags.portalNet,
          nodePortRange: flags.serviceNodePortRange,
          tokenAuthFile: flags.tokenAuthFile,
          tlsCertFile: flags.tlsCertFile,
          tlsPrivateKeyFile: flags.tlsPrivateKeyFile,
          clientCaFile: flags.clientCaFile,
          serviceAccountKeyFiles: flags.serviceAccountKeyFile,
          serviceAccountSigningKeyFile: flags.serviceAccountSigningKeyFile,
          serviceAccountIssuer: flags.serviceAccountIssuer,
          authorizationMode: flags.authorizationMode,
          kubeletClientCertificate: flags.kubeletClientCertificate,
          kubeletClientKey: flags.kubeletClientKey,
          insecurePort,
          maxRequestsInflight: countFlag("max-requests-inflight", flags.maxRequestsInflight),
          maxMutatingRequestsInflight: countFlag(
            "max-mutating-requests-inflight",
            flags.maxMutatingRequestsInflight,
          ),
          headersTimeoutMs: secondsFlag("request-header-timeout", flags.requestHeaderTimeout) *
            1000,
        });
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e), 1);
      }
      const everywhere = flags.address === "0.0.0.0" || flags.address === "::";
      log.info(
        `serving the Kubernetes API on ${
          everywhere ? `every address, port ${server.port} (here: ${server.url})` : server.url
        } (store: ${server.storeDescription})`,
      );
      log.info(server.security);
      const open = server.security.includes("without authentication");
      if (open && !isLoopback(flags.address)) {
        log.warn(
          `${server.url} is bound to ${flags.address} WITHOUT authentication: anyone who can ` +
            "reach it can run any command on every agent. Secure it with --tls-cert-file and " +
            "--client-ca-file/--token-auth-file, or bind it to 127.0.0.1",
        );
      }
      if (server.insecureUrl) {
        log.warn(
          `also serving ${server.insecureUrl} without authentication (--insecure-port)${
            isLoopback(flags.insecureBindAddress)
              ? ""
              : `: bound beyond loopback (${flags.insecureBindAddress}), so anyone who can reach ` +
                "it can run any command on every agent"
          }`,
        );
      }
      const running = server;
      await new Promise<void>((resolve) => {
        const stop = () => {
          Deno.removeSignalListener("SIGINT", stop);
          Deno.removeSignalListener("SIGTERM", stop);
          resolve();
        };
        Deno.addSignalListener("SIGINT", stop);
        Deno.addSignalListener("SIGTERM", stop);
      });
      log.info("shutting down");
      await running.close();
    });
}
