/** `k8sm attach POD [-c CONTAINER] [-i] [-t]`: attach to a container's main process, like kubectl. */
import { Command } from "commander";
import { addClientFlags, clientAction } from "../cli/client_flags.ts";
import { runStreamCommand, type StreamFlags } from "./exec.ts";

/** `k8sm attach`: Attach to the main process of a running container. */
export function attachCommand(): Command {
  const cmd = new Command("attach")
    .description("Attach to a process that is already running inside an existing container")
    .argument("<pod>", "pod name (or pod/NAME)")
    .option("-c, --container <name>", "container (default: the pod's only container)")
    .option("-i, --stdin", "pass stdin to the container")
    .option("-t, --tty", "stdin is a TTY");
  addClientFlags(cmd);
  return cmd.action(
    clientAction((pod: string, _f: StreamFlags, self: Command) =>
      runStreamCommand(self, pod, undefined)
    ),
  );
}
