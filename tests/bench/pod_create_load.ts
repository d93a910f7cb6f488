/**
 * Pod-create load for the apiserver benchmark: the pod body a client sends, and `total` creates
 * spread over concurrent clients, either fetch or lean keep-alive HTTP/1.1 connections.
 */
import { benchPod } from "../_helpers/measure_store_writes.ts";
import { HttpLoadConnection, jsonRequest } from "./http_load_connection.ts";

/** Concurrent clients of the benchmark (the budget's 64). */
export const CLIENTS = 64;

/** A pod body as a client sends it (server fills uid and timestamps). */
export function clientPod(name: string): string {
  const pod = benchPod(name) as { metadata: Record<string, unknown> };
  delete pod.metadata.uid;
  delete pod.metadata.creationTimestamp;
  return JSON.stringify(pod);
}

/** Prepares `total` pod creates over `clients` lean connections; the result runs them. */
export async function leanCreates(
  base: string,
  total: number,
  prefix: string,
  clients: number,
): Promise<() => Promise<void>> {
  const url = new URL(base);
  const path = "/api/v1/namespaces/bench/pods";
  const requests = Array.from(
    { length: total },
    (_, i) => jsonRequest("POST", url.host, path, clientPod(`${prefix}-${i}`)),
  );
  const conns = await Promise.all(
    Array.from({ length: clients }, () => HttpLoadConnection.open(url.hostname, Number(url.port))),
  );
  return async () => {
    let next = 0;
    const worker = async (conn: HttpLoadConnection) => {
      for (let i = next++; i < total; i = next++) {
        const status = await conn.send(requests[i]);
        if (status !== 201) throw new Error(`create ${prefix}-${i}: HTTP ${status}`);
      }
    };
    try {
      await Promise.all(conns.map(worker));
    } finally {
      for (const c of conns) c.close();
    }
  };
}

/** Creates `total` pods through fetch with `clients` concurrent requests; returns creates/s. */
export async function httpCreates(
  base: string,
  total: number,
  prefix = "pod",
  clients = CLIENTS,
): Promise<number> {
  const url = `${base}/api/v1/namespaces/bench/pods`;
  const bodies = Array.from({ length: total }, (_, i) => clientPod(`${prefix}-${i}`));
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      const r = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: bodies[i],
      });
      await r.arrayBuffer();
      if (r.status !== 201) throw new Error(`create pod-${i}: HTTP ${r.status}`);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  return total / ((performance.now() - t0) / 1000);
}
