/**
 * `k8sm apiserver`: runs the Kubernetes API server (v1 and the seed's v1beta1) on sqlite,
 * etcd or memory. --address defaults to 127.0.0.1 because the API has no authentication;
 * pass --address=0.0.0.0 to serve other machines.
 */
import { Command } from "commander";
import { startApiServer } from "../core/apiserver/serve_api.ts";
import { logger } from "../core/util/log.ts";

interface ApiserverFlags {
  address: string;
  port: string;
  etcdServers?: string;
  dataDir?: string;
  storage?: string;
  portalNet: string;
  serviceNodePortRange: string;
  tokenAuthFile?: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
}

const STORAGES = ["sqlite", "etcd", "memory"] as const;

/** `k8sm apiserver`: Run the Kubernetes API server. */
export function apiserverCommand(): Command {
  return new Command("apiserver")
    .description("Run the Kubernetes API server (the seed's kube-apiserver)")
    .option("--address <ip>", "address to listen on (0.0.0.0 for every interface)", "127.0.0.1")
    .option("--port <port>", "port to listen on", "8080")
    .option("--etcd-servers <urls>", "etcd client URLs, comma separated (selects etcd storage)")
    .option("--data-dir <dir>", "directory of the sqlite store", "~/.k8sm")
    .option(
      "--storage <kind>",
      "sqlite, etcd or memory (default: etcd with --etcd-servers, else sqlite)",
    )
    .option("--portal-net <cidr>", "IP range for service ClusterIPs", "10.10.10.0/24")
    .option("--service-node-port-range <range>", "port range for NodePort services", "30000-32767")
    .option(
      "--token-auth-file <file>",
      'static token CSV (token,user,uid,"group1,group2"); requires Bearer tokens',
    )
    .option("--tls-cert-file <file>", "PEM certificate (chain) to serve HTTPS with")
    .option("--tls-private-key-file <file>", "PEM private key of --tls-cert-file")
    .option("--mesos-master <addr>", "accepted for the seed's command line; not used")
    .option("--cloud-provider <name>", "accepted for the seed's command line; not used")
    .option("--health-check-minions [bool]", "accepted for the seed's command line; not used")
    .action(async (flags: ApiserverFlags) => {
      const log = logger("apiserver");
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`k8sm apiserver: --port "${flags.port}" is not a port number (0-65535)`);
        Deno.exit(2);
      }
      const storage = flags.storage as (typeof STORAGES)[number] | undefined;
      if (storage !== undefined && !STORAGES.includes(storage)) {
        console.error(
          `k8sm apiserver: --storage "${flags.storage}" is not one of ${STORAGES.join(", ")}`,
        );
        Deno.exit(2);
      }
      let server;
      try {
        server = await startApiServer({
          address: flags.address,
          port,
          storage,
          etcdServers: flags.etcdServers ? [flags.etcdServers] : undefined,
          dataDir: flags.dataDir,
          portalNet: flags.portalNet,
          nodePortRange: flags.serviceNodePortRange,
          tokenAuthFile: flags.tokenAuthFile,
          tlsCertFile: flags.tlsCertFile,
          tlsPrivateKeyFile: flags.tlsPrivateKeyFile,
        });
      } catch (e) {
        console.error(`k8sm apiserver: ${e instanceof Error ? e.message : String(e)}`);
        Deno.exit(1);
      }
      log.info(`serving the Kubernetes API on ${server.url} (store: ${server.storeDescription})`);
      log.info(server.security);
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
