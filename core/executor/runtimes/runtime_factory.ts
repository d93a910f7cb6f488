/**
 * Builds the Runtime the executor's flags ask for (`--container-runtime`, `--docker-endpoint`,
 * `--pod-infra-image`, `--pod-infra-command`, …) and tells whether a Docker API answers, so
 * `k8sm up` can fall back to the process runtime.
 */

import { DockerClient } from "../docker/docker_client.ts";
import type { Runtime } from "../runtime.ts";
import { DEFAULT_INFRA_IMAGE, DockerRuntime } from "./docker_runtime.ts";
import { ProcessRuntime } from "./process_runtime.ts";

/** The container runtimes k8sm has. */
export const RUNTIME_KINDS = ["docker", "process"] as const;

/** One of RUNTIME_KINDS. */
export type RuntimeKind = typeof RUNTIME_KINDS[number];

/** The executor flags that shape its runtime. */
export interface RuntimeFlags {
  containerRuntime?: string;
  dockerEndpoint?: string;
  podInfraImage?: string;
  /** A command line ("sleep 2147483647") or argv. */
  podInfraCommand?: string | string[];
  /** Root of the process runtime's sandboxes. */
  processRoot?: string;
  hostIP?: string;
  extraLabels?: Record<string, string>;
}

/** The process runtime's root when none is given: `$TMPDIR/k8sm-process`. */
export function defaultProcessRoot(): string {
  return `${Deno.env.get("TMPDIR") || "/tmp"}/k8sm-process`;
}

/** Splits `--pod-infra-command` on whitespace (no quoting: pass argv for that). */
export function infraCommandArgv(cmd: string | string[] | undefined): string[] | undefined {
  if (cmd === undefined) return undefined;
  const argv = Array.isArray(cmd) ? cmd : cmd.trim().split(/\s+/).filter(Boolean);
  return argv.length ? argv : undefined;
}

/** Creates the runtime the flags name; an unknown name fails with the accepted ones. */
export function createRuntime(flags: RuntimeFlags): Runtime {
  const kind = flags.containerRuntime || "docker";
  if (kind === "docker") {
    return new DockerRuntime({
      endpoint: flags.dockerEndpoint,
      infraImage: flags.podInfraImage || DEFAULT_INFRA_IMAGE,
      infraCommand: infraCommandArgv(flags.podInfraCommand),
      hostIP: flags.hostIP,
      extraLabels: flags.extraLabels,
    });
  }
  if (kind === "process") {
    return new ProcessRuntime({
      root: flags.processRoot || defaultProcessRoot(),
      hostIP: flags.hostIP,
      extraLabels: flags.extraLabels,
    });
  }
  throw new Error(
    `--container-runtime=${kind} is not known; use one of ${RUNTIME_KINDS.join(", ")}`,
  );
}

/** True when a Docker Engine API answers at `endpoint` (DOCKER_HOST / default when absent). */
export async function dockerAvailable(endpoint?: string): Promise<boolean> {
  let client: DockerClient;
  try {
    client = new DockerClient(endpoint);
  } catch {
    return false;
  }
  try {
    await client.apiVersion();
    return true;
  } catch {
    return false;
  } finally {
    client.close();
  }
}
