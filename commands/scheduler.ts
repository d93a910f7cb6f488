import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm scheduler`: Run the Mesos framework scheduler. */
export function schedulerCommand(): Command {
  return notImplementedCommand("scheduler", "Run the Mesos framework scheduler");
}
