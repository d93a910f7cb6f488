import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm get`: Display objects. */
export function getCommand(): Command {
  return notImplementedCommand("get", "Display objects");
}
