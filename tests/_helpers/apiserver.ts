/**
 * Starts an in-process apiserver on a free loopback port for a test, with a memory store, a
 * sqlite store in a temporary directory, or a private etcd, and stops it (and removes what it
 * created) afterwards. `restart()` keeps the data and starts a new server on it.
 */
import { type RunningApiServer, startApiServer } from "../../core/apiserver/serve_api.ts";
import type { ApiHandlerOptions } from "../../core/apiserver/api_handler.ts";
import { type EtcdHandle, startEtcd } from "./etcd.ts";

/** Which backend a test apiserver uses. */
export type TestStorage = "memory" | "sqlite" | "etcd";

/** A running test apiserver. */
export interface TestApiServer {
  url: string;
  server: RunningApiServer;
  /** fetch relative to the server URL. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** fetch + JSON body (the body is always consumed). */
  json(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Stops the server and starts a new one on the same data (sqlite, etcd). */
  restart(): Promise<void>;
  /** Stops the server and removes its data (temp dir, etcd). */
  stop(): Promise<void>;
}

/** Handler options a test may set. */
export type TestServerOptions = Omit<ApiHandlerOptions, "store">;

/** Starts a test apiserver on `storage`. */
export async function startTestApiServer(
  storage: TestStorage = "memory",
  options: TestServerOptions = {},
): Promise<TestApiServer> {
  let dataDir: string | undefined;
  let etcd: EtcdHandle | undefined;
  if (storage === "sqlite") dataDir = await Deno.makeTempDir({ prefix: "k8sm-apiserver-" });
  if (storage === "etcd") etcd = await startEtcd();
  const start = () =>
    startApiServer({
      ...options,
      address: "127.0.0.1",
      port: 0,
      storage,
      dataDir,
      etcdServers: etcd ? [etcd.endpoint] : undefined,
    });
  let server: RunningApiServer;
  try {
    server = await start();
  } catch (e) {
    await etcd?.stop();
    if (dataDir) await Deno.remove(dataDir, { recursive: true });
    throw e;
  }
  const t: TestApiServer = {
    get url() {
      return server.url;
    },
    get server() {
      return server;
    },
    fetch: (path, init) => fetch(`${server.url}${path}`, init),
    async json(path, init) {
      const res = await fetch(`${server.url}${path}`, init);
      const text = await res.text();
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`${init?.method ?? "GET"} ${path} → ${res.status} non-JSON body: ${text}`);
      }
      return { status: res.status, body };
    },
    async restart() {
      await server.close();
      server = await start();
    },
    async stop() {
      await server.close();
      await etcd?.stop();
      if (dataDir) await Deno.remove(dataDir, { recursive: true });
    },
  };
  return t;
}

/** A JSON request init. */
export function jsonBody(
  method: string,
  body: unknown,
  contentType = "application/json",
): RequestInit {
  return {
    method,
    headers: { "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

/** A minimal valid v1 pod. */
export function testPod(
  name: string,
  labels: Record<string, string> = {},
): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels },
    spec: { containers: [{ name: "main", image: "busybox" }] },
  };
}

/** One decoded watch line. */
export interface WatchLine {
  type: string;
  object: Record<string, unknown> & { metadata?: Record<string, unknown> };
}

/** A watch response being read line by line. */
export interface WatchReader {
  status: number;
  headers: Headers;
  /** The next event; undefined when the stream ended. Throws after `timeoutMs` (default 10 s). */
  next(timeoutMs?: number): Promise<WatchLine | undefined>;
  /** Bare "\n" heartbeat lines seen so far. */
  readonly heartbeats: number;
  /** Resolves when a heartbeat has been seen (or the stream ends). */
  waitHeartbeat(timeoutMs?: number): Promise<void>;
  /** Cancels the stream. */
  close(): Promise<void>;
}

/** Starts a watch request and reads its lines. */
export async function openWatch(
  t: TestApiServer,
  path: string,
  init?: RequestInit,
): Promise<WatchReader> {
  const res = await t.fetch(path, init);
  if (res.body === null) throw new Error(`watch ${path} returned no body`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const queue: WatchLine[] = [];
  let buffer = "";
  let ended = false;
  let heartbeats = 0;
  const pump = async (timeoutMs: number, until: () => boolean): Promise<void> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no watch data within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      while (!until() && !ended) {
        const r = await Promise.race([reader.read(), timeout]);
        if (r.done) {
          ended = true;
          break;
        }
        buffer += decoder.decode(r.value, { stream: true });
        let i;
        while ((i = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          if (line.trim() === "") heartbeats++;
          else queue.push(JSON.parse(line) as WatchLine);
        }
      }
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    status: res.status,
    headers: res.headers,
    get heartbeats() {
      return heartbeats;
    },
    async next(timeoutMs = 10_000) {
      await pump(timeoutMs, () => queue.length > 0);
      return queue.shift();
    },
    async waitHeartbeat(timeoutMs = 10_000) {
      await pump(timeoutMs, () => heartbeats > 0);
    },
    async close() {
      if (!ended) await reader.cancel().catch(() => {});
      ended = true;
    },
  };
}
