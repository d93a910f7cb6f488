/**
 * `k8sm cp SRC DEST [-c CONTAINER]`: copy a file or directory between this machine and a pod
 * (`POD:PATH` or `NAMESPACE/POD:PATH`), like kubectl cp (tar through exec; `tar` is needed on
 * both sides).
 */
import { Command } from "commander";
import { addClientFlags, clientAction, clientConfigFrom } from "../cli/client_flags.ts";
import { parseCopyEnd, podCopy } from "../core/client/pod_copy.ts";
import { writeAllTo } from "../core/client/terminal_io.ts";

interface CpFlags {
  container?: string;
  config?: string;
}

/** `k8sm cp`: Copy files and directories to and from containers. */
export function cpCommand(): Command {
  const cmd = new Command("cp")
    .description("Copy files and directories to and from containers (k8sm cp ./f web:/tmp/f)")
    .argument("<src>", "a local path, or POD:PATH")
    .argument("<dest>", "a local path, or POD:PATH")
    .option("-c, --container <name>", "container (default: the pod's only container)");
  addClientFlags(cmd);
  return cmd.action(clientAction(async (src: string, dest: string, _f: CpFlags, self: Command) => {
    // The program's global -c (the seed's -c FILE) also catches `cp … -c NAME`.
    const flags = self.optsWithGlobals() as CpFlags;
    const config = clientConfigFrom(self);
    await podCopy(config, parseCopyEnd(src), parseCopyEnd(dest), {
      namespace: config.namespace,
      container: flags.container ?? flags.config,
      stderr: (b) => writeAllTo(Deno.stderr, b),
    });
  }));
}
