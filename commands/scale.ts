/** `k8sm scale TYPE NAME --replicas=N`: set the replicas of an rc, Deployment, ReplicaSet or StatefulSet. */
import { Command } from "commander";
import { addClientFlags, clientAction, clientFrom } from "../cli/client_flags.ts";
import { parseResourceArgs, refOf } from "../core/client/resource_args.ts";
import { scaleObject } from "../core/client/write_objects.ts";

/** `k8sm scale`: Set the number of replicas. */
export function scaleCommand(): Command {
  const cmd = new Command("scale")
    .description(
      "Set the replicas of any kind with a scale subresource (replicationcontrollers, deployments, " +
        "replicasets, statefulsets): k8sm scale deploy NAME --replicas=N",
    )
    .argument("[args...]", "TYPE NAME, or TYPE/NAME (rc, deploy, rs, sts)")
    .requiredOption("--replicas <n>", "the new number of replicas");
  addClientFlags(cmd);
  return cmd.action(
    clientAction(async (args: string[], flags: { replicas: string }, self: Command) => {
      const replicas = /^\d+$/.test(flags.replicas) ? Number(flags.replicas) : NaN;
      if (!Number.isSafeInteger(replicas)) {
        throw new Error(`--replicas must be a whole number ≥ 0, not "${flags.replicas}"`);
      }
      if (args.length === 0) {
        throw new Error("name what to scale: k8sm scale deploy NAME --replicas=N");
      }
      const targets = parseResourceArgs(args, "scale");
      const { client, config } = clientFrom(self);
      for (const t of targets) {
        if (!t.info.subresources.scale) {
          throw new Error(
            `${t.info.resource} cannot be scaled; scale works on kinds with a scale subresource ` +
              "(replicationcontrollers, deployments, replicasets, statefulsets)",
          );
        }
        if (t.names.length === 0) {
          throw new Error(
            `name the ${t.info.singular} to scale: k8sm scale ${t.info.resource} NAME --replicas=N`,
          );
        }
        for (const name of t.names) {
          await scaleObject(client, refOf(t.info, config.namespace, name), replicas);
          console.log(`${t.info.singular}/${name} scaled`);
        }
      }
    }),
  );
}
