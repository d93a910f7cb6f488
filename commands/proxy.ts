import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm proxy`: Run the service proxy. */
export function proxyCommand(): Command {
  return notImplementedCommand("proxy", "Run the service proxy");
}
