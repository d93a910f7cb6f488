/** `k8sm logs POD [-c CONTAINER] [-f] [--tail N] [--timestamps]`: print a container's log. */
import { Command } from "commander";
import { addClientFlags, clientAction, clientFrom } from "../cli/client_flags.ts";
import { podLogStream } from "../core/client/pod_logs.ts";

interface LogsFlags {
  container?: string;
  follow?: boolean;
  tail?: string;
  timestamps?: boolean;
  previous?: boolean;
  config?: string;
}

/** `k8sm logs`: Print the logs of a container in a pod. */
export function logsCommand(): Command {
  const cmd = new Command("logs")
    .description("Print the logs of a container in a pod")
    .argument("<pod>", "pod name (or pod/NAME)")
    .option("-c, --container <name>", "container (default: the pod's default or first container)")
    .option("-f, --follow", "keep streaming new lines")
    .option("--tail <lines>", "only the last N lines (-1 for all)")
    .option("--timestamps", "prefix each line with its timestamp")
    .option("-p, --previous", "the previous (crashed) instance of the container");
  addClientFlags(cmd);
  return cmd.action(clientAction(async (pod: string, _flags: LogsFlags, self: Command) => {
    // The program's global -c (the seed's -c FILE) also catches `logs POD -c NAME`.
    const flags = self.optsWithGlobals() as LogsFlags;
    const { client, config } = clientFrom(self);
    const name = pod.startsWith("pod/") || pod.startsWith("pods/")
      ? pod.slice(pod.indexOf("/") + 1)
      : pod;
    const tail = flags.tail === undefined
      ? undefined
      : /^-?\d+$/.test(flags.tail)
      ? Number(flags.tail)
      : NaN;
    if (tail !== undefined && !Number.isSafeInteger(tail)) {
      throw new Error(`--tail must be a whole number of lines (-1 for all), not "${flags.tail}"`);
    }
    const { stream, defaulted } = await podLogStream(client, config.namespace, name, {
      container: flags.container ?? flags.config,
      follow: flags.follow,
      tailLines: tail !== undefined && tail >= 0 ? tail : undefined,
      timestamps: flags.timestamps,
      previous: flags.previous,
    });
    if (defaulted) console.error(defaulted);
    await stream.pipeTo(Deno.stdout.writable, { preventClose: true });
  }));
}
