/**
 * `k8sm controller-manager`: runs the replication manager, the endpoints controller and the
 * garbage collector against an apiserver (the seed's `k8sm-controller-manager -master=…`).
 */
import { Command } from "commander";
import {
  addDaemonApiFlags,
  daemonApiConfig,
  type DaemonApiFlagValues,
} from "../cli/daemon_api_flags.ts";
import type { RestConfig } from "../core/client/rest_client.ts";
import { startControllerManager } from "../core/controllers/controller_manager.ts";
import { burstOver, flagBool, shutdownSignal } from "../core/up/shutdown_signal.ts";
import { logger } from "../core/util/log.ts";

interface ControllerManagerFlags extends DaemonApiFlagValues {
  master?: string;
  apiServers?: string;
  mesosMaster?: string;
  concurrentRcSyncs: string;
  concurrentEndpointSyncs: string;
  leaderElect?: string | boolean;
  port: string;
  address: string;
}

/** `k8sm controller-manager`: Run the workload, endpoints and garbage-collection controllers. */
export function controllerManagerCommand(): Command {
  const cmd = new Command("controller-manager")
    .description(
      "Run the controllers: replication (rc, rs), deployments, daemonsets, statefulsets, jobs, " +
        "cronjobs, disruption budgets, endpoints and garbage collection",
    )
    .option("--master <url>", "the apiserver to use (the seed's -master=host:port)")
    .option("--api-servers <urls>", "apiservers, comma separated (the first one is used)")
    .option("--mesos-master <addr>", "accepted for the seed's command line; not used")
    .option("--concurrent-rc-syncs <n>", "replication controllers synced at once", "5")
    .option("--concurrent-endpoint-syncs <n>", "services whose endpoints are synced at once", "5")
    .option("--leader-elect [bool]", "run only while holding the controller-manager lease")
    .option("--port <port>", "port of /healthz and /metrics (0 = any free port)", "10252")
    .option("--address <ip>", "address of /healthz and /metrics", "127.0.0.1");
  return addDaemonApiFlags(cmd)
    .action(async (flags: ControllerManagerFlags) => {
      const log = logger("controller-manager");
      let api: RestConfig | undefined;
      try {
        api = daemonApiConfig(flags, {
          server: flags.master ?? flags.apiServers,
          serverFlag: flags.master ? "--master" : "--api-servers",
          masterEnv: true,
          defaultServer: "http://127.0.0.1:8080",
        });
      } catch (e) {
        console.error(`k8sm controller-manager: ${(e as Error).message}`);
        Deno.exit(2);
      }
      if (!api) throw new Error("the controller-manager always has an apiserver (a default)");
      const workers = Number(flags.concurrentRcSyncs);
      const epWorkers = Number(flags.concurrentEndpointSyncs);
      const port = Number(flags.port);
      for (
        const [name, v] of [["concurrent-rc-syncs", workers], [
          "concurrent-endpoint-syncs",
          epWorkers,
        ]] as const
      ) {
        if (!Number.isInteger(v) || v < 1) {
          console.error(
            `k8sm controller-manager: --${name} must be a whole number ≥ 1, not "${v}"`,
          );
          Deno.exit(2);
        }
      }
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(
          `k8sm controller-manager: --port "${flags.port}" is not a port number (0-65535)`,
        );
        Deno.exit(2);
      }
      let cm;
      try {
        cm = startControllerManager({
          api,
          concurrentRcSyncs: workers,
          concurrentEndpointSyncs: epWorkers,
          leaderElect: flagBool(flags.leaderElect),
          port,
          address: flags.address,
          onLostLeadership: () => {
            log.error(
              "lost the controller-manager lease; exiting so that a restart campaigns again",
            );
            Deno.exit(1);
          },
        });
      } catch (e) {
        console.error(`k8sm controller-manager: ${(e as Error).message}`);
        Deno.exit(1);
      }
      log.info(`controller-manager for ${api.server}; /healthz on ${cm.url}`);
      await shutdownSignal();
      log.info("shutting down");
      await cm.close();
      await burstOver();
    });
}
