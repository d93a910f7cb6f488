/**
 * `k8sm proxy`: the service proxy (the seed's kube-proxy): one TCP listener per service port,
 * balancing over the service's ready endpoints; `--proxy-mode=iptables` also redirects
 * clusterIP:port to the listeners.
 */
import { Command } from "commander";
import {
  addDaemonApiFlags,
  daemonApiConfig,
  type DaemonApiFlagValues,
} from "../cli/daemon_api_flags.ts";
import type { RestConfig } from "../core/client/rest_client.ts";
import { Proxier } from "../core/proxy/proxier.ts";
import { serveProxyStatus } from "../core/proxy/proxy_status_server.ts";
import { burstOver, shutdownSignal } from "../core/up/shutdown_signal.ts";
import { logger } from "../core/util/log.ts";

interface ProxyFlags extends DaemonApiFlagValues {
  master?: string;
  apiServers?: string;
  proxyMode: string;
  bindAddress: string;
  healthzPort: string;
  healthzBindAddress: string;
}

/** `k8sm proxy`: Run the service proxy. */
export function proxyCommand(): Command {
  const cmd = new Command("proxy")
    .description("Run the service proxy (the seed's kube-proxy)")
    .option("--master <url>", "the apiserver to use")
    .option("--api-servers <urls>", "apiservers, comma separated (the first one is used)")
    .option(
      "--proxy-mode <mode>",
      "userspace, or iptables (root: also redirect clusterIP:port)",
      "userspace",
    )
    .option("--bind-address <ip>", "address the service listeners bind", "0.0.0.0")
    .option(
      "--healthz-port <port>",
      "port of /healthz, /metrics and /ports (0 = any free port)",
      "10256",
    )
    .option("--healthz-bind-address <ip>", "address of /healthz", "127.0.0.1")
    .option("--etcd-servers <urls>", "accepted for the seed's command line; not used");
  return addDaemonApiFlags(cmd)
    .action(async (flags: ProxyFlags) => {
      const log = logger("proxy");
      if (flags.proxyMode !== "userspace" && flags.proxyMode !== "iptables") {
        console.error(`k8sm proxy: --proxy-mode "${flags.proxyMode}" is not userspace or iptables`);
        Deno.exit(2);
      }
      const port = Number(flags.healthzPort);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(
          `k8sm proxy: --healthz-port "${flags.healthzPort}" is not a port number (0-65535)`,
        );
        Deno.exit(2);
      }
      let api: RestConfig | undefined;
      try {
        api = daemonApiConfig(flags, {
          server: flags.master ?? flags.apiServers,
          serverFlag: flags.master ? "--master" : "--api-servers",
          masterEnv: true,
          defaultServer: "http://127.0.0.1:8080",
        });
      } catch (e) {
        console.error(`k8sm proxy: ${(e as Error).message}`);
        Deno.exit(2);
      }
      if (!api) throw new Error("the proxy always has an apiserver (a default)");
      const server = api.server;
      const proxier = new Proxier({
        api,
        mode: flags.proxyMode,
        bindAddress: flags.bindAddress,
      });
      let status;
      // Listening before start(), which waits for the first list: a SIGTERM while the apiserver
      // is unreachable must stop the proxy cleanly at once.
      const stopping = shutdownSignal();
      let stopped = false;
      stopping.then(() => stopped = true);
      try {
        status = serveProxyStatus(proxier, port, flags.healthzBindAddress);
        await Promise.race([proxier.start(), stopping]);
      } catch (e) {
        console.error(`k8sm proxy: ${(e as Error).message}`);
        await status?.shutdown();
        await proxier.stop();
        Deno.exit(1);
      }
      if (!stopped) {
        log.info(
          `proxying services of ${server} (${flags.proxyMode} mode); /healthz on port ${status.addr.port}`,
        );
      }
      await stopping;
      log.info("shutting down");
      await proxier.stop();
      await status.shutdown();
      await burstOver();
    });
}
