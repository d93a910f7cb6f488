import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm up`: Run everything on this machine. */
export function upCommand(): Command {
  return notImplementedCommand("up", "Run everything on this machine");
}
