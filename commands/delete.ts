import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm delete`: Delete objects. */
export function deleteCommand(): Command {
  return notImplementedCommand("delete", "Delete objects");
}
