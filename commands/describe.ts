import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm describe`: Show details of an object. */
export function describeCommand(): Command {
  return notImplementedCommand("describe", "Show details of an object");
}
