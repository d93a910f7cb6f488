/**
 * The pods, commands and small servers the executor scenarios (executor_scenarios.ts) run:
 * shell containers, a two-container web pod on a host port, kubectl runs and log following.
 */
import assert from "node:assert/strict";
import type { Container, Pod } from "../../core/api/types/pod.ts";
import type { LaunchedPod, PodCluster } from "./pod_task_framework.ts";

const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

/** The runtime a scenario runs under. */
export type Runtime = "docker" | "process";

/** A container running a shell script (host `sh` for the process runtime). */
export function sh(
  pc: PodCluster,
  name: string,
  script: string,
  extra: Partial<Container> = {},
): Container {
  return {
    name,
    image: pc.podman?.image ?? "busybox",
    imagePullPolicy: "IfNotPresent",
    command: ["sh", "-c", script],
    ...extra,
  };
}

export function manifest(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { terminationGracePeriodSeconds: 2, ...spec },
  };
}

export function freeHostPort(): number {
  for (let i = 0; i < 100; i++) {
    const port = 31000 + Math.floor(Math.random() * 1000);
    try {
      Deno.listen({ hostname: "0.0.0.0", port }).close();
      return port;
    } catch { /* taken */ }
  }
  throw new Error("no free port in 31000-32000 for the hostPort");
}

/** The web pod: busybox httpd serving a file and a sidecar fetching it in a loop. */
export function webPod(
  pc: PodCluster,
  runtime: Runtime,
  hostPort: number,
): Record<string, unknown> {
  const bb = runtime === "process" ? "busybox " : "";
  const docroot = runtime === "process" ? "www" : "/var/www";
  const listen = runtime === "process" ? "$PORT" : "80";
  const target = runtime === "process" ? "$PORT_80" : "80";
  return manifest("web", {
    containers: [
      sh(
        pc,
        "httpd",
        `mkdir -p ${docroot}; echo hello-from-httpd > ${docroot}/index.html; ` +
          `exec ${bb}httpd -f -p ${listen} -h ${docroot}`,
        { ports: [{ containerPort: 80, hostPort }] },
      ),
      sh(
        pc,
        "sidecar",
        `while true; do ${bb}wget -q -O - http://localhost:${target}/ && echo fetched-ok; ` +
          `sleep 0.5; done`,
      ),
    ],
  });
}

export async function run(
  cmd: string,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const o = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const td = new TextDecoder();
  return { code: o.code, out: td.decode(o.stdout), err: td.decode(o.stderr) };
}

/** Reads a child's stdout until `pred` holds on the text, then kills it. */
export async function followUntil(
  args: string[],
  pred: (text: string) => boolean,
): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", CONFIG, CLI, ...args],
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  let text = "";
  const reader = child.stdout.getReader();
  try {
    while (!pred(text)) {
      const r = await reader.read();
      if (r.done) break;
      text += new TextDecoder().decode(r.value);
    }
  } finally {
    child.kill("SIGTERM");
    await reader.cancel().catch(() => {});
    await child.status;
  }
  return text;
}

export async function stopPod(pc: PodCluster, p: LaunchedPod): Promise<void> {
  await pc.kill(p);
  await pc.waitState(p, "TASK_KILLED");
  assert.deepEqual(
    await pc.containersOf(p.pod.metadata.uid!),
    [],
    "no container of the pod is left",
  );
}

/** A host HTTP server a probe asks; `ok[path]` decides 200 or 500. */
/** A local HTTP server answering 200 on the paths `ok` marks true, else 500. */
export function probeServer(ok: Record<string, boolean>) {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const good = ok[new URL(req.url).pathname] ?? false;
    return new Response(good ? "ok" : "no", { status: good ? 200 : 500 });
  });
}

/** True when the pod's Ready condition is `v`. */
export const isReady = (p: Pod, v: string) =>
  p.status?.conditions?.some((c) => c.type === "Ready" && c.status === v) ?? false;
