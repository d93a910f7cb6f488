import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm executor`: Run the kubelet as a Mesos executor. */
export function executorCommand(): Command {
  return notImplementedCommand("executor", "Run the kubelet as a Mesos executor");
}
