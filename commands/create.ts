/** `k8sm create -f FILE…` (and the seed's `k8sm -c FILE create pods`): create objects. */
import { Command } from "commander";
import { addClientFlags, clientAction, clientFrom } from "../cli/client_flags.ts";
import { addFilenameFlag, loadTargets, manifestPaths, writeEach } from "../cli/manifest_flags.ts";
import { createObject } from "../core/client/write_objects.ts";

/** `k8sm create`: Create objects from files. */
export function createCommand(): Command {
  const cmd = new Command("create")
    .description(
      "Create objects from files: k8sm create -f pod.yaml (or the seed's k8sm -c pod.json create pods)",
    )
    .argument("[type]", "resource type of the file's objects (the seed's kubecfg form)");
  addFilenameFlag(cmd, "create");
  addClientFlags(cmd);
  return cmd.action(
    clientAction(async (type: string | undefined, _flags: unknown, self: Command) => {
      const paths = manifestPaths(self);
      if (paths.length === 0) {
        throw new Error(
          `must specify one of -f or -c: k8sm create -f FILE (or k8sm -c FILE create ${
            type ?? "pods"
          })`,
        );
      }
      const { client, config } = clientFrom(self);
      const targets = await loadTargets(paths, config, type);
      await writeEach(targets, (t) => createObject(client, t));
    }),
  );
}
