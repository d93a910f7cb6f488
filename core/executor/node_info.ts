/**
 * The Node's `status.nodeInfo` as a kubelet reports it (`kubectl get nodes -o wide` shows the
 * kubelet version, OS image, kernel and container runtime): read from the host the executor
 * runs on and from its container runtime.
 */
import type { NodeSystemInfo } from "../api/types/node.ts";
import { KUBE_GIT_VERSION } from "../apiserver/version_info.ts";
import type { Runtime } from "./runtime.ts";
import { DockerRuntime } from "./runtimes/docker_runtime.ts";

async function readTrimmed(path: string): Promise<string> {
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch {
    return "";
  }
}

/** PRETTY_NAME of /etc/os-release ("Debian GNU/Linux 12 (bookworm)"), else the OS name. */
async function osImage(): Promise<string> {
  const text = await readTrimmed("/etc/os-release") || await readTrimmed("/usr/lib/os-release");
  const line = text.split("\n").find((l) => l.startsWith("PRETTY_NAME="));
  const value = line?.slice("PRETTY_NAME=".length).replace(/^["']|["']$/g, "");
  return value || Deno.build.os;
}

function architecture(): string {
  const arch = Deno.build.arch as string;
  return arch === "x86_64" ? "amd64" : arch === "aarch64" ? "arm64" : arch;
}

/**
 * `<runtime>://<version>` as kubelets report it: the Docker Engine's (or podman's) version for
 * the docker runtime, the Deno version running the processes for the process runtime.
 */
export async function runtimeVersion(runtime: Runtime): Promise<string> {
  if (runtime instanceof DockerRuntime) {
    try {
      const v = await runtime.client.json<{ Version?: string }>("GET", "/version");
      return `docker://${v.Version ?? "unknown"}`;
    } catch {
      return "docker://unknown";
    }
  }
  return `${runtime.name}://deno-${Deno.version.deno}`;
}

/** The nodeInfo of this host with `runtime`. */
export async function nodeSystemInfo(runtime: Runtime): Promise<NodeSystemInfo> {
  const machineID = await readTrimmed("/etc/machine-id");
  return {
    machineID,
    systemUUID: await readTrimmed("/sys/class/dmi/id/product_uuid") || machineID,
    bootID: await readTrimmed("/proc/sys/kernel/random/boot_id"),
    kernelVersion: Deno.osRelease(),
    osImage: await osImage(),
    containerRuntimeVersion: await runtimeVersion(runtime),
    kubeletVersion: KUBE_GIT_VERSION,
    kubeProxyVersion: "",
    operatingSystem: Deno.build.os,
    architecture: architecture(),
  };
}
