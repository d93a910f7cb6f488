import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm apiserver`: Run the Kubernetes API server. */
export function apiserverCommand(): Command {
  return notImplementedCommand("apiserver", "Run the Kubernetes API server");
}
