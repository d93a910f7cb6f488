import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm apply`: Apply a configuration (server-side apply). */
export function applyCommand(): Command {
  return notImplementedCommand("apply", "Apply a configuration (server-side apply)");
}
