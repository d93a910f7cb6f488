/** `k8sm describe TYPE NAME…`: show an object in detail with its events. */
import { Command } from "commander";
import { addClientFlags, clientAction, clientFrom } from "../cli/client_flags.ts";
import { renderDescribe } from "../cli/output/describe_printer.ts";
import { describeError } from "../core/client/client_errors.ts";
import { describeData } from "../core/client/describe_data.ts";
import { namesMatching } from "../core/client/delete_objects.ts";
import { parseResourceArgs, refOf } from "../core/client/resource_args.ts";

/** `k8sm describe`: Show details of objects. */
export function describeCommand(): Command {
  const cmd = new Command("describe")
    .description(
      "Show details of objects of any served kind with their events (pod, rc, svc, node, " +
        "deploy, rs, ds, sts, job, cronjob, …): k8sm describe TYPE NAME",
    )
    .argument("[args...]", "TYPE [NAME…] or TYPE/NAME…")
    .option("-l, --selector <selector>", "describe the objects matching this label selector");
  addClientFlags(cmd);
  return cmd.action(
    clientAction(async (args: string[], flags: { selector?: string }, self: Command) => {
      const { client, config } = clientFrom(self);
      let first = true;
      let failed = false;
      for (const t of parseResourceArgs(args, "describe")) {
        const ns = t.info.namespaced ? config.namespace : undefined;
        const names = t.names.length > 0 ? t.names : await namesMatching(
          client,
          refOf(t.info, ns),
          flags.selector,
        );
        for (const name of names) {
          try {
            const text = renderDescribe(await describeData(client, t.info, config.namespace, name));
            if (!first) console.log("\n");
            console.log(text);
            first = false;
          } catch (e) {
            console.error(`error: ${describeError(e)}`);
            failed = true;
          }
        }
      }
      if (failed) Deno.exitCode = 1;
    }),
  );
}
