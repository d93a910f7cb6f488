import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm list`: List objects (seed kubecfg columns). */
export function listCommand(): Command {
  return notImplementedCommand("list", "List objects (seed kubecfg columns)");
}
