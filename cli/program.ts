/**
 * The one list of k8sm subcommands, assembled into a commander program. A subcommand's module
 * is imported only when needed: `k8sm executor …` (one process per Mesos agent) loads the
 * executor and nothing of the apiserver, scheduler or client commands; `k8sm --help` and
 * anything that is not a known subcommand load them all.
 */
import { Command } from "commander";
import { addGlogFlags, applyGlogFlags, type GlogOptions } from "./glog_flags.ts";
import { K8SM_VERSION } from "./k8sm_version.ts";

/** The k8sm version (defined by `k8sm version`, commands/version.ts). */
export { K8SM_VERSION };

/** A subcommand: its name and how to import the module that defines it. */
interface CommandEntry {
  name: string;
  load: () => Promise<Command>;
}

/** The long-running components, in help order. */
const COMPONENTS: CommandEntry[] = [
  {
    name: "apiserver",
    load: async () => (await import("../commands/apiserver.ts")).apiserverCommand(),
  },
  {
    name: "scheduler",
    load: async () => (await import("../commands/scheduler.ts")).schedulerCommand(),
  },
  {
    name: "executor",
    load: async () => (await import("../commands/executor.ts")).executorCommand(),
  },
  {
    name: "controller-manager",
    load: async () =>
      (await import("../commands/controller_manager.ts")).controllerManagerCommand(),
  },
  { name: "proxy", load: async () => (await import("../commands/proxy.ts")).proxyCommand() },
  {
    name: "mesos-local",
    load: async () => (await import("../commands/mesos_local.ts")).mesosLocalCommand(),
  },
  { name: "up", load: async () => (await import("../commands/up.ts")).upCommand() },
  { name: "certs", load: async () => (await import("../commands/certs.ts")).certsCommand() },
];

/** The client commands, in help order. */
const CLIENTS: CommandEntry[] = [
  { name: "create", load: async () => (await import("../commands/create.ts")).createCommand() },
  { name: "apply", load: async () => (await import("../commands/apply.ts")).applyCommand() },
  { name: "list", load: async () => (await import("../commands/list.ts")).listCommand() },
  { name: "get", load: async () => (await import("../commands/get.ts")).getCommand() },
  { name: "delete", load: async () => (await import("../commands/delete.ts")).deleteCommand() },
  {
    name: "describe",
    load: async () => (await import("../commands/describe.ts")).describeCommand(),
  },
  { name: "logs", load: async () => (await import("../commands/logs.ts")).logsCommand() },
  { name: "exec", load: async () => (await import("../commands/exec.ts")).execCommand() },
  { name: "attach", load: async () => (await import("../commands/attach.ts")).attachCommand() },
  {
    name: "port-forward",
    load: async () => (await import("../commands/port_forward.ts")).portForwardCommand(),
  },
  { name: "cp", load: async () => (await import("../commands/cp.ts")).cpCommand() },
  { name: "scale", load: async () => (await import("../commands/scale.ts")).scaleCommand() },
  { name: "mesos", load: async () => (await import("../commands/mesos.ts")).mesosCommand() },
  {
    name: "dashboard",
    load: async () => (await import("../commands/dashboard.ts")).dashboardCommand(),
  },
  { name: "version", load: async () => (await import("../commands/version.ts")).versionCommand() },
];

/** The root command: description, root options (-s, -c, glog flags) and the glog hook. */
function rootCommand(): Command {
  const program = new Command("k8sm")
    .description("Kubernetes on Apache Mesos: control plane components and a kubectl-style client")
    .version(K8SM_VERSION, "--version", "print the k8sm version")
    .option("-s, --server <url>", "API server for client commands (also after the subcommand)")
    .option(
      "-c, --config <file>",
      "manifest file, the seed's kubecfg form: k8sm -c FILE create pods",
    )
    .showHelpAfterError("(run k8sm --help for the commands, k8sm COMMAND --help for one)")
    .hook("preAction", (cmd, action) => {
      applyGlogFlags(cmd.opts<GlogOptions>(), action.name());
    });
  return addGlogFlags(program);
}

/**
 * The subcommand `argv` names: its first word that is neither an option nor the value of a
 * root option written apart (`-s URL`, `--v 2`); undefined when there is none.
 */
export function subcommandOf(program: Command, argv: readonly string[]): string | undefined {
  const withValue = new Set<string>();
  for (const o of program.options) {
    if (!o.required && !o.optional) continue;
    if (o.short) withValue.add(o.short);
    if (o.long) withValue.add(o.long);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") return undefined;
    if (!arg.startsWith("-")) return arg;
    if (withValue.has(arg)) i++;
  }
  return undefined;
}

/**
 * Builds the root `k8sm` command. Given the `argv` it will parse, only the subcommand argv names
 * is imported and registered (every one when argv names none, or one k8sm does not know, so
 * that help and "did you mean" see them all); without argv every subcommand is.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = rootCommand();
  const name = argv === undefined ? undefined : subcommandOf(program, argv);
  const known = [...COMPONENTS, ...CLIENTS].some((e) => e.name === name);
  const pick = (entries: CommandEntry[]) =>
    Promise.all(entries.filter((e) => !known || e.name === name).map((e) => e.load()));
  const [components, clients] = await Promise.all([pick(COMPONENTS), pick(CLIENTS)]);
  program.commandsGroup("Components (long-running):");
  for (const sub of components) program.addCommand(sub);
  program.commandsGroup("Client commands (talk to the API server):");
  for (const sub of clients) program.addCommand(sub);
  program.commandsGroup("Help:").helpCommand(true);
  // `k8sm apiserver --help` also lists the root options every command takes (-v, glog flags).
  for (const sub of program.commands) {
    sub.configureHelp({ ...sub.configureHelp(), showGlobalOptions: true });
  }
  return program;
}
