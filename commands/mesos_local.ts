import type { Command } from "commander";
import { notImplementedCommand } from "./not_implemented.ts";

/** `k8sm mesos-local`: Run a single-machine Mesos master and agents. */
export function mesosLocalCommand(): Command {
  return notImplementedCommand("mesos-local", "Run a single-machine Mesos master and agents");
}
