/** `k8sm list pods|replicationControllers|services|minions`: the seed's kubecfg tables. */
import { Command } from "commander";
import { addClientFlags, clientAction, clientFrom } from "../cli/client_flags.ts";
import { renderSeedList, seedListType } from "../cli/output/seed_list_printer.ts";

/** `k8sm list`: List objects in the seed's kubecfg format. */
export function listCommand(): Command {
  const cmd = new Command("list")
    .description(
      "List objects the seed's kubecfg way: pods, replicationControllers, services, minions",
    )
    .argument("<type>", "pods, replicationControllers, services or minions")
    .option("-l, --selector <selector>", "label selector");
  addClientFlags(cmd);
  return cmd.action(
    clientAction(async (type: string, flags: { selector?: string }, self: Command) => {
      const seed = seedListType(type);
      if (!seed) {
        throw new Error(
          `cannot list "${type}"; the seed's kubecfg lists pods, replicationControllers, services and minions (use "k8sm get ${type}" for others)`,
        );
      }
      const { client, config } = clientFrom(self);
      const namespaced = seed.resource !== "nodes";
      const list = await client.list(
        { resource: seed.resource, namespace: namespaced ? config.namespace : undefined },
        { labelSelector: flags.selector },
      );
      console.log(renderSeedList(seed, list.items ?? []));
    }),
  );
}
