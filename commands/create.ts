import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm create`: Create objects from files. */
export function createCommand(): Command {
  return notImplementedCommand("create", "Create objects from files");
}
