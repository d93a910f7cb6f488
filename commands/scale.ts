import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm scale`: Set the replicas of a replication controller. */
export function scaleCommand(): Command {
  return notImplementedCommand("scale", "Set the replicas of a replication controller");
}
