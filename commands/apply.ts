/** `k8sm apply -f FILE…`: server-side apply with field manager `k8sm`. */
import { Command } from "commander";
import { addClientFlags, clientAction, clientFrom } from "../cli/client_flags.ts";
import { addFilenameFlag, loadTargets, manifestPaths, writeEach } from "../cli/manifest_flags.ts";
import { applyObject } from "../core/client/write_objects.ts";

/** `k8sm apply`: Apply objects from files (server-side apply). */
export function applyCommand(): Command {
  const cmd = new Command("apply")
    .description("Apply objects from files with server-side apply (field manager k8sm)")
    .option("--force-conflicts", "take ownership of fields other managers set");
  addFilenameFlag(cmd, "apply");
  addClientFlags(cmd);
  return cmd.action(clientAction(async (flags: { forceConflicts?: boolean }, self: Command) => {
    const paths = manifestPaths(self);
    if (paths.length === 0) {
      throw new Error("must specify -f FILE (a file, a directory or - for stdin)");
    }
    const { client, config } = clientFrom(self);
    const targets = await loadTargets(paths, config);
    await writeEach(targets, (t) => applyObject(client, t, { force: flags.forceConflicts }));
  }));
}
