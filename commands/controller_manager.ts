import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm controller-manager`: Run the replication and endpoints controllers. */
export function controllerManagerCommand(): Command {
  return notImplementedCommand("controller-manager", "Run the replication and endpoints controllers");
}
