/** The one list of k8sm subcommands, assembled into a commander program. */
import { Command } from "commander";
import { addGlogFlags, applyGlogFlags, type GlogOptions } from "./glog_flags.ts";
import { apiserverCommand } from "../commands/apiserver.ts";
import { schedulerCommand } from "../commands/scheduler.ts";
import { executorCommand } from "../commands/executor.ts";
import { controllerManagerCommand } from "../commands/controller_manager.ts";
import { proxyCommand } from "../commands/proxy.ts";
import { mesosLocalCommand } from "../commands/mesos_local.ts";
import { upCommand } from "../commands/up.ts";
import { certsCommand } from "../commands/certs.ts";
import { createCommand } from "../commands/create.ts";
import { applyCommand } from "../commands/apply.ts";
import { listCommand } from "../commands/list.ts";
import { getCommand } from "../commands/get.ts";
import { deleteCommand } from "../commands/delete.ts";
import { describeCommand } from "../commands/describe.ts";
import { logsCommand } from "../commands/logs.ts";
import { execCommand } from "../commands/exec.ts";
import { attachCommand } from "../commands/attach.ts";
import { portForwardCommand } from "../commands/port_forward.ts";
import { cpCommand } from "../commands/cp.ts";
import { scaleCommand } from "../commands/scale.ts";
import { mesosCommand } from "../commands/mesos.ts";
import { dashboardCommand } from "../commands/dashboard.ts";
import { K8SM_VERSION, versionCommand } from "../commands/version.ts";

/** The k8sm version (defined by `k8sm version`, commands/version.ts). */
export { K8SM_VERSION };

/** Builds the root `k8sm` command with every subcommand registered. */
export function buildProgram(): Command {
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
  addGlogFlags(program);
  const components = [
    apiserverCommand(),
    schedulerCommand(),
    executorCommand(),
    controllerManagerCommand(),
    proxyCommand(),
    mesosLocalCommand(),
    upCommand(),
    certsCommand(),
  ];
  const clients = [
    createCommand(),
    applyCommand(),
    listCommand(),
    getCommand(),
    deleteCommand(),
    describeCommand(),
    logsCommand(),
    execCommand(),
    attachCommand(),
    portForwardCommand(),
    cpCommand(),
    scaleCommand(),
    mesosCommand(),
    dashboardCommand(),
    versionCommand(),
  ];
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
