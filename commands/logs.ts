import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm logs`: Print a container's logs. */
export function logsCommand(): Command {
  return notImplementedCommand("logs", "Print a container's logs");
}
