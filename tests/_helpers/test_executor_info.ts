/**
 * How executor tests start the real `k8sm executor`: its flags, the ExecutorInfo that makes a
 * mesos-local agent run it, and its stderr for failure messages (used by pod_task_framework.ts).
 */
import type { ExecutorInfo, Resource } from "../../core/mesos/local/mesos_types.ts";
import type { PodmanHandle } from "./podman.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A scalar resource of the default role, as an offer or a TaskInfo carries it. */
export function scalar(name: string, value: number): Resource {
  return { name, type: "SCALAR", scalar: { value }, allocation_info: { role: "*" } };
}

/** What the executor's flags depend on. */
export interface ExecutorFlagOptions {
  apiUrl: string;
  /** Pass `--api-servers` as the seed did, `host:port` without a scheme. */
  bareApiServer?: boolean;
  runtime: "docker" | "process";
  rootDir: string;
  podman?: PodmanHandle;
  /** Extra `k8sm executor` flags. */
  extra?: string[];
}

/** The `k8sm executor …` arguments for tests: short back-offs, verbose logs, no suicide. */
export function executorFlags(o: ExecutorFlagOptions): string[] {
  const flags = [
    "executor",
    `--api-servers=${o.bareApiServer ? o.apiUrl.replace(/^http:\/\//, "") : o.apiUrl}`,
    `--container-runtime=${o.runtime}`,
    "--kubelet-port=0",
    "--suicide-timeout=0",
    "--crash-loop-backoff-initial=1s",
    "--crash-loop-backoff-max=4s",
    "--sync-frequency=200ms",
    `--root-dir=${o.rootDir}`,
    "-v=2",
  ];
  if (o.podman) {
    flags.push(
      `--docker-endpoint=${o.podman.dockerHost}`,
      `--pod-infra-image=${o.podman.image}`,
      "--pod-infra-command=sleep 2147483647",
      `--container-label=${o.podman.runLabel.key}=${o.podman.runLabel.value}`,
    );
  }
  return [...flags, ...(o.extra ?? [])];
}

/** The ExecutorInfo that runs `deno run -A cli/main.ts <flags>` (one executor per agent). */
export function testExecutorInfo(flags: string[]): ExecutorInfo {
  const deno = Deno.execPath();
  return {
    executor_id: { value: "k8sm-test-executor" },
    name: "Kubelet-Executor",
    command: {
      value: deno,
      shell: false,
      arguments: [
        deno,
        "run",
        "-A",
        "--config",
        `${ROOT}deno.json`,
        `${ROOT}cli/main.ts`,
        ...flags,
      ],
    },
    resources: [scalar("cpus", 0.1), scalar("mem", 32)],
  };
}

/** Every executor stderr file under a mesos-local work dir, oldest run first, joined. */
export async function readExecutorStderr(workDir: string): Promise<string> {
  const files: { path: string; mtime: number }[] = [];
  for await (const f of walk(workDir)) {
    if (!f.endsWith("/stderr")) continue;
    files.push({ path: f, mtime: (await Deno.stat(f)).mtime?.getTime() ?? 0 });
  }
  files.sort((a, b) => a.mtime - b.mtime);
  const out: string[] = [];
  for (const f of files) out.push(await Deno.readTextFile(f.path).catch(() => ""));
  return out.join("\n---\n");
}

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) yield* walk(p);
    else if (e.isFile) yield p;
  }
}
