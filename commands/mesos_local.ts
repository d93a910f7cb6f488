/**
 * `k8sm mesos-local`: a single-machine Mesos master and N agents in one process, speaking the
 * v1 scheduler and executor HTTP APIs (core/mesos/local). Prints where the master and every
 * agent listen; SIGINT/SIGTERM stop everything, executors included.
 */
import { Command } from "commander";
import { startLocalCluster } from "../core/mesos/local/local_cluster.ts";
import { formatResourcesText } from "../core/mesos/resource_text.ts";
import { parseMesosDuration } from "../core/mesos/mesos_duration.ts";

interface MesosLocalFlags {
  port: string;
  ip: string;
  agents: string;
  resources?: string;
  attributes?: string;
  workDir?: string;
  allocationInterval: string;
}

const SHORT_UNITS: Record<string, string> = { s: "secs", m: "mins", h: "hrs" };

/** Parses `1s`, `500ms`, `2secs`, `1m` into milliseconds. */
function durationMs(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(text.trim());
  return parseMesosDuration(m ? `${m[1]}${SHORT_UNITS[m[2]]}` : text, flag);
}

function fail(message: string): never {
  console.error(`k8sm mesos-local: ${message}`);
  Deno.exit(2);
}

/** `k8sm mesos-local`: Run a single-machine Mesos master and agents. */
export function mesosLocalCommand(): Command {
  return new Command("mesos-local")
    .description(
      "Run a single-machine Mesos master and agents (v1 HTTP APIs). Agent 0 is named after " +
        "this host, agent i <host>-a<i>; executors reach their agent at 127.0.0.1:<its port>.",
    )
    .option("--port <port>", "master port", "5050")
    .option("--ip <ip>", "address the master listens on (0.0.0.0 for every interface)", "127.0.0.1")
    .option("--agents <n>", "number of agents", "1")
    .option(
      "--resources <text>",
      "agent resources, Mesos syntax (cpus:4;mem:8192;ports:[31000-32000]); missing kinds " +
        "are sized from the host, and agents get disjoint port ranges by default",
    )
    .option("--attributes <text>", "agent attributes (rack:r1;zone:a)")
    .option("--work-dir <dir>", "directory for executor sandboxes (default: a temporary dir)")
    .option("--allocation-interval <duration>", "period between offer cycles", "1s")
    .action(async (flags: MesosLocalFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        fail(`--port "${flags.port}" is not a port number (0-65535)`);
      }
      const agents = Number(flags.agents);
      if (!Number.isInteger(agents) || agents < 0) {
        fail(`--agents "${flags.agents}" is not a whole number of agents`);
      }
      let allocationIntervalMs: number;
      try {
        allocationIntervalMs = durationMs(flags.allocationInterval, "--allocation-interval");
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
      let cluster;
      try {
        cluster = await startLocalCluster({
          port,
          bind: flags.ip,
          agents,
          resources: flags.resources,
          attributes: flags.attributes,
          workDir: flags.workDir,
          allocationIntervalMs,
        });
      } catch (e) {
        console.error(`k8sm mesos-local: cannot start: ${e instanceof Error ? e.message : e}`);
        Deno.exit(1);
      }
      console.log(`master ${cluster.master.masterId} listening on ${cluster.masterUrl}`);
      for (const a of cluster.agents) {
        const info = a.info();
        console.log(
          `agent ${a.id} (${info.hostname}) listening on http://${a.endpoint} ` +
            `resources ${formatResourcesText(info.resources ?? [])}`,
        );
      }
      console.log(
        `sandboxes under ${cluster.workDir}; operator view at ${cluster.masterUrl}/state`,
      );
      const running = cluster;
      await new Promise<void>((resolve) => {
        const stop = () => {
          Deno.removeSignalListener("SIGINT", stop);
          Deno.removeSignalListener("SIGTERM", stop);
          resolve();
        };
        Deno.addSignalListener("SIGINT", stop);
        Deno.addSignalListener("SIGTERM", stop);
      });
      await running.close();
      console.log("mesos-local stopped");
    });
}
