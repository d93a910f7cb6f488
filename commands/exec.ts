/**
 * `k8sm exec POD [-c CONTAINER] [-i] [-t] -- COMMAND [ARG…]`: run a command in a container
 * through the apiserver, like kubectl, exiting with the remote exit code.
 */
import { Command } from "commander";
import { addClientFlags, clientAction, clientConfigFrom } from "../cli/client_flags.ts";
import { runRemoteCommand } from "../core/client/remote_command.ts";
import { rawStdin, terminalSizes, writeAllTo } from "../core/client/terminal_io.ts";

/** The flags of exec and attach. */
export interface StreamFlags {
  container?: string;
  config?: string;
  stdin?: boolean;
  tty?: boolean;
}

function podName(arg: string): string {
  return arg.startsWith("pod/") || arg.startsWith("pods/") ? arg.slice(arg.indexOf("/") + 1) : arg;
}

/** Runs an exec (`command`) or attach (none) for `k8sm exec`/`k8sm attach` and exits with its code. */
export async function runStreamCommand(
  self: Command,
  pod: string,
  command: string[] | undefined,
): Promise<void> {
  // The program's global -c (the seed's -c FILE) also catches `exec POD -c NAME`.
  const flags = self.optsWithGlobals() as StreamFlags;
  if (command !== undefined && command.length === 0) {
    throw new Error("you must specify at least one command for the container (after --)");
  }
  const config = clientConfigFrom(self);
  const restore = flags.tty && flags.stdin ? rawStdin() : () => {};
  let code: number;
  try {
    code = await runRemoteCommand(config, {
      namespace: config.namespace,
      pod: podName(pod),
      container: flags.container ?? flags.config,
      command,
      stdin: flags.stdin ? Deno.stdin.readable : undefined,
      tty: flags.tty,
      resize: flags.tty ? terminalSizes() : undefined,
      stdout: (b) => writeAllTo(Deno.stdout, b),
      stderr: (b) => writeAllTo(Deno.stderr, b),
    });
  } finally {
    restore();
  }
  if (code !== 0) {
    console.error(`command terminated with exit code ${code}`);
    Deno.exit(code);
  }
  // A stdin read may still be pending; nothing more is to come.
  Deno.exit(0);
}

/** `k8sm exec`: Execute a command in a container. */
export function execCommand(): Command {
  const cmd = new Command("exec")
    .description("Execute a command in a container (k8sm exec POD [-c C] [-i] [-t] -- CMD ...)")
    .argument("<pod>", "pod name (or pod/NAME)")
    .argument("[command...]", "the command and its arguments, after --")
    .option("-c, --container <name>", "container (default: the pod's only container)")
    .option("-i, --stdin", "pass stdin to the container")
    .option("-t, --tty", "stdin is a TTY");
  addClientFlags(cmd);
  return cmd.action(
    clientAction((pod: string, command: string[], _f: StreamFlags, self: Command) =>
      runStreamCommand(self, pod, command)
    ),
  );
}
