/**
 * Starts a private etcd (Debian's `etcd-server` package) for a test: free loopback ports, a
 * temporary data directory, and a stop() that kills the process and removes the directory.
 */

import { requires } from "./requirements.ts";

/** A running private etcd. */
export interface EtcdHandle {
  /** The client URL, e.g. http://127.0.0.1:41234. */
  endpoint: string;
  /** Kills etcd, waits for it to exit and removes its data directory. */
  stop(): Promise<void>;
}

const CANDIDATES = ["/usr/bin/etcd", "/usr/local/bin/etcd"];

/** The path of the etcd binary, or undefined when it is not installed. */
export function etcdBinary(): string | undefined {
  const dirs = (Deno.env.get("PATH") ?? "").split(":").filter((d) => d !== "");
  for (const path of [...dirs.map((d) => `${d}/etcd`), ...CANDIDATES]) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/**
 * True when etcd tests must be ignored (no binary), through `requires("etcd")`: a loud
 * message, and under CI a failing test instead. Call at module load only.
 */
export function skipWithoutEtcd(): boolean {
  return requires("etcd").ignore;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function healthy(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    const body = await res.text();
    return res.ok && body.includes("true");
  } catch {
    return false;
  }
}

async function readLog(path: string): Promise<string> {
  try {
    return (await Deno.readTextFile(path)).split("\n").slice(-15).join("\n");
  } catch {
    return "(no log)";
  }
}

async function launch(binary: string, dir: string, deadlineMs: number): Promise<EtcdHandle> {
  const client = freePort();
  const peer = freePort();
  const endpoint = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const logPath = `${dir}/etcd.log`;
  await Deno.mkdir(dir, { recursive: true });
  const child = new Deno.Command(binary, {
    args: [
      "--name=k8sm-test",
      `--data-dir=${dir}/data`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=k8sm-test=${peerUrl}`,
      "--logger=zap",
      `--log-outputs=${logPath}`,
      "--log-level=warn",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const stop = async () => {
    if (!exited) {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
    await status;
  };
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline && !exited) {
    if (await healthy(endpoint)) return { endpoint, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(
    `etcd (${binary}) did not become healthy at ${endpoint} within ${deadlineMs} ms; ` +
      `its log ends with:\n${await readLog(logPath)}`,
  );
}

/** Starts etcd on free loopback ports; retries with new ports if they were taken meanwhile. */
export async function startEtcd(deadlineMs = 30_000): Promise<EtcdHandle> {
  const binary = etcdBinary();
  if (binary === undefined) {
    throw new Error("cannot start etcd: no `etcd` binary on PATH; install the etcd-server package");
  }
  const dir = await Deno.makeTempDir({ prefix: "k8sm-etcd-" });
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const h = await launch(binary, `${dir}/${attempt}`, deadlineMs);
      return {
        endpoint: h.endpoint,
        stop: async () => {
          await h.stop();
          await Deno.remove(dir, { recursive: true });
        },
      };
    } catch (e) {
      lastError = e;
    }
  }
  await Deno.remove(dir, { recursive: true });
  throw lastError;
}
