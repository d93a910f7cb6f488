/**
 * `k8sm mesos state|agents|frameworks|tasks|drain|maintenance …`: an operator client for any
 * Mesos master (mesos-local or a real one) over the v1 operator API (core/mesos/operator_client.ts).
 * Prints kubectl-style tables (core/mesos/operator_views.ts) or, with `-o json`, the master's
 * JSON answer. `--master` (or MESOS_MASTER) names the master; `--principal` and `--secret-file`
 * (or MESOS_PRINCIPAL and MESOS_SECRET) give HTTP Basic credentials.
 */
import { Command } from "commander";
import { renderTable } from "../cli/output/table_printer.ts";
import { parseDuration } from "../core/client/duration.ts";
import { type MachineId, type MesosJson, OperatorClient } from "../core/mesos/operator_client.ts";
import {
  agentsView,
  frameworksView,
  maintenanceView,
  stateView,
  type TableView,
  tasksView,
} from "../core/mesos/operator_views.ts";
import { mesosCredentialsFromFlags } from "../core/mesos/secret_file.ts";

interface MesosFlags {
  master?: string;
  principal?: string;
  secretFile?: string;
  output?: string;
}

async function clientOf(cmd: Command): Promise<OperatorClient> {
  const f = cmd.optsWithGlobals<MesosFlags>();
  const master = f.master ?? Deno.env.get("MESOS_MASTER") ?? "http://127.0.0.1:5050";
  const principal = f.principal ?? Deno.env.get("MESOS_PRINCIPAL");
  const envSecret = Deno.env.get("MESOS_SECRET");
  if (principal && !f.secretFile && envSecret !== undefined) {
    return new OperatorClient(master, { principal, secret: envSecret });
  }
  if (!principal && !f.secretFile) return new OperatorClient(master);
  const creds = await mesosCredentialsFromFlags(principal, f.secretFile).catch((e: Error) => {
    throw new Error(e.message.replaceAll("--mesos-authentication-", "--"));
  });
  return new OperatorClient(master, creds);
}

function print(cmd: Command, json: MesosJson, view: () => TableView): void {
  const output = cmd.optsWithGlobals<MesosFlags>().output;
  if (output !== undefined && output !== "json") {
    throw new Error(`--output "${output}" is not supported; use -o json or omit it for a table`);
  }
  if (output === "json") {
    console.log(JSON.stringify(json, null, 2));
    return;
  }
  const v = view();
  console.log(v.rows.length === 0 ? "No resources found." : renderTable(v.headers, v.rows));
}

function action<A extends unknown[]>(fn: (cmd: Command, ...args: A) => Promise<void>) {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    try {
      await fn(cmd, ...(args.slice(0, -1) as A));
    } catch (e) {
      console.error(`k8sm mesos: ${(e as Error).message}`);
      Deno.exit(1);
    }
  };
}

function machines(hosts: string[], ip?: string): MachineId[] {
  return hosts.map((h) => ({ hostname: h, ...(ip ? { ip } : {}) }));
}

function parseStart(text: string): number {
  if (text === "now") return Date.now();
  if (text.startsWith("+")) return Date.now() + parseDuration(text.slice(1));
  const t = Date.parse(text);
  if (Number.isNaN(t)) {
    throw new Error(
      `--start "${text}" is not a time: use an RFC 3339 time, "now" or "+<duration>" (e.g. +1h)`,
    );
  }
  return t;
}

function listCommand(name: string, type: string, desc: string, view: (j: MesosJson) => TableView) {
  return new Command(name).description(desc).action(action(async (cmd) => {
    const c = await clientOf(cmd);
    const json = await c.get(type);
    print(cmd, json, () => view(json));
  }));
}

function maintenanceCommand(): Command {
  const m = new Command("maintenance").description(
    "Show or change the maintenance schedule (inverse offers go to frameworks on DRAINING machines)",
  );
  m.command("status", { isDefault: true })
    .description("Machines under maintenance, their mode, window start and frameworks' answers")
    .action(action(async (cmd) => {
      const c = await clientOf(cmd);
      const status = await c.get("GET_MAINTENANCE_STATUS");
      const schedule = await c.get("GET_MAINTENANCE_SCHEDULE");
      print(cmd, { status, schedule }, () => maintenanceView(status, schedule));
    }));
  m.command("schedule <hostname...>")
    .description("Replace the schedule with one window for these machines (they become DRAINING)")
    .requiredOption("--start <time>", 'window start: RFC 3339, "now" or "+<duration>"')
    .option("--duration <duration>", "window length (default: open-ended)")
    .option("--ip <ip>", "the machines' IP as the agents registered it", "127.0.0.1")
    .action(
      action(async (cmd, hosts: string[], o: { start: string; duration?: string; ip: string }) => {
        const c = await clientOf(cmd);
        const durationMs = o.duration === undefined ? undefined : parseDuration(o.duration);
        await c.setSchedule([{
          machines: machines(hosts, o.ip),
          startMs: parseStart(o.start),
          durationMs,
        }]);
        console.log(`maintenance scheduled for ${hosts.join(", ")}`);
      }),
    );
  m.command("clear").description("Remove every maintenance window").action(action(async (cmd) => {
    await (await clientOf(cmd)).setSchedule([]);
    console.log("maintenance schedule cleared");
  }));
  for (const [name, down] of [["down", true], ["up", false]] as const) {
    m.command(`${name} <hostname...>`)
      .description(
        down
          ? "START_MAINTENANCE: scheduled machines go DOWN"
          : "STOP_MAINTENANCE: machines come back UP",
      )
      .option("--ip <ip>", "the machines' IP as the agents registered it", "127.0.0.1")
      .action(action(async (cmd, hosts: string[], o: { ip: string }) => {
        await (await clientOf(cmd)).setMachinesDown(machines(hosts, o.ip), down);
        console.log(`${hosts.join(", ")} ${down ? "down" : "up"}`);
      }));
  }
  return m;
}

/** `k8sm mesos …`: the Mesos operator client. */
export function mesosCommand(): Command {
  const cmd = new Command("mesos")
    .description("Mesos operator client: state, agents, frameworks, tasks, drain, maintenance")
    .option("--master <url>", "Mesos master (host:port or URL; env MESOS_MASTER)", undefined)
    .option("--principal <name>", "HTTP Basic principal (env MESOS_PRINCIPAL)")
    .option("--secret-file <file>", "file holding the principal's secret (or env MESOS_SECRET)")
    .option("-o, --output <format>", "json (default: a table)");
  cmd.addCommand(listCommand("state", "GET_STATE", "Cluster summary (GET_STATE)", stateView));
  cmd.addCommand(listCommand("agents", "GET_AGENTS", "Agents with their resources", agentsView));
  cmd.addCommand(
    listCommand("frameworks", "GET_FRAMEWORKS", "Frameworks with their roles", frameworksView),
  );
  cmd.command("tasks")
    .description("Tasks of every framework (live; --all adds completed)")
    .option("--all", "include completed tasks")
    .action(action(async (c, o: { all?: boolean }) => {
      const json = await (await clientOf(c)).get("GET_TASKS");
      print(c, json, () => tasksView(json, o));
    }));
  cmd.command("drain <agent-id>")
    .description("DRAIN_AGENT: no new offers, its tasks killed within --grace")
    .option("--grace <duration>", "longest kill grace period of its tasks (default: theirs)")
    .option("--mark-gone", "mark the agent gone once drained")
    .action(action(async (c, id: string, o: { grace?: string; markGone?: boolean }) => {
      const graceMs = o.grace === undefined ? undefined : parseDuration(o.grace);
      await (await clientOf(c)).drain(id, { graceMs, markGone: o.markGone });
      console.log(`agent ${id} draining`);
    }));
  cmd.addCommand(maintenanceCommand());
  return cmd;
}
