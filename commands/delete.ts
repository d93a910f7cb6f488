/** `k8sm delete TYPE NAME… | TYPE/NAME… | -f FILE | -l SEL | --all`: delete and wait until gone. */
import { Command } from "commander";
import { addClientFlags, clientAction, clientFrom } from "../cli/client_flags.ts";
import { addFilenameFlag, loadTargets, manifestPaths } from "../cli/manifest_flags.ts";
import { describeError, isNotFound } from "../core/client/client_errors.ts";
import {
  deleteObject,
  deletionsFromArgs,
  deletionsFromManifests,
  waitForDeletion,
} from "../core/client/delete_objects.ts";
import { parseDuration } from "../core/client/duration.ts";
import { parseResourceArgs } from "../core/client/resource_args.ts";
import type { ResourceRef } from "../core/client/resource_path.ts";

interface DeleteFlags {
  selector?: string;
  all?: boolean;
  wait?: string | boolean;
  timeout: string;
  gracePeriod?: string;
  ignoreNotFound?: boolean;
}

function parseTimeout(text: string): number {
  try {
    return parseDuration(text);
  } catch (e) {
    throw new Error(`--timeout: ${e instanceof Error ? e.message : e}`);
  }
}

/** kubectl's --grace-period: whole seconds, 0 = immediately, -1 = the object's own default. */
function parseGracePeriod(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < -1) {
    throw new Error(
      `--grace-period must be a whole number of seconds (0 = immediately), not ${
        JSON.stringify(text)
      }`,
    );
  }
  return n === -1 ? undefined : n;
}

/** `k8sm delete`: Delete objects. */
export function deleteCommand(): Command {
  const cmd = new Command("delete")
    .description(
      "Delete objects by name, from files, by label or all of a type; waits until they are gone",
    )
    .argument("[args...]", "TYPE NAME…, TYPE/NAME…, or TYPE with -l/--all")
    .option("-l, --selector <selector>", "delete the objects matching this label selector")
    .option("--all", "delete every object of the type in the namespace")
    .option(
      "--wait [bool]",
      "wait until the objects are gone (--wait=false to return at once)",
      "true",
    )
    .option("--timeout <duration>", "how long to wait, e.g. 30s, 2m", "120s")
    .option("--grace-period <seconds>", "seconds pods get to stop (0 = immediately)")
    .option("--ignore-not-found", "treat objects that do not exist as deleted");
  addFilenameFlag(cmd, "delete");
  addClientFlags(cmd);
  return cmd.action(clientAction(async (args: string[], flags: DeleteFlags, self: Command) => {
    const timeoutMs = parseTimeout(flags.timeout);
    const grace = parseGracePeriod(flags.gracePeriod);
    const { client, config } = clientFrom(self);
    const paths = manifestPaths(self);
    const items = paths.length > 0
      ? deletionsFromManifests(await loadTargets(paths, config), config.namespace)
      : await deletionsFromArgs(client, parseResourceArgs(args, "delete"), config.namespace, flags);
    if (items.length === 0) {
      console.error(
        `No resources found${
          flags.selector || flags.all ? ` in ${config.namespace} namespace` : ""
        }`,
      );
      return;
    }
    const wait = flags.wait !== "false" && flags.wait !== false;
    const deleted: { ref: ResourceRef; uid?: string; singular: string }[] = [];
    let failed = false;
    for (const it of items) {
      try {
        const uid = await deleteObject(client, it.ref, { gracePeriodSeconds: grace });
        console.log(`${it.singular} "${it.ref.name}" deleted`);
        deleted.push({ ...it, uid });
      } catch (e) {
        if (flags.ignoreNotFound && isNotFound(e)) continue;
        console.error(`error: ${describeError(e)}`);
        failed = true;
      }
    }
    if (wait) {
      for (const d of deleted) {
        try {
          await waitForDeletion(client, d.ref, d.uid, timeoutMs);
        } catch (e) {
          console.error(`error: ${describeError(e)}`);
          failed = true;
        }
      }
    }
    if (failed) Deno.exitCode = 1;
  }));
}
