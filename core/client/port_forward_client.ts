/**
 * `k8sm port-forward` from the client side: a local TCP listener per forwarded port; each
 * accepted connection opens its own WebSocket to `pods/NAME/portforward?ports=REMOTE` with the
 * RestClient's credentials, speaking `v4.channel.k8s.io` with channel pairs (channel 0 data in
 * both directions, channel 1 errors; each channel's first message starts with the port as 2
 * bytes little-endian), and relays bytes until either side ends.
 */
import { Buffer } from "node:buffer";
import { createServer, type Server, type Socket } from "node:net";
import type { Pod } from "../api/types/pod.ts";
import { RestClient, type RestConfig } from "./rest_client.ts";
import { dialWebSocket } from "./websocket_dial.ts";

/** One forwarded port: `local` 0 picks a free port. */
export interface PortPair {
  local: number;
  remote: number;
}

/** What to forward, and where errors of single connections are reported. */
export interface PortForwardOptions {
  namespace: string;
  pod: string;
  ports: PortPair[];
  /** The local address to listen on (default 127.0.0.1). */
  address?: string;
  /** A connection's failure (the pod's port refused, the stream lost). */
  onError?: (message: string) => void;
}

/** A running port-forward. */
export interface PortForward {
  /** The forwarded ports, `local` as bound. */
  ports: PortPair[];
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

/** Parses `LOCAL:REMOTE`, `:REMOTE` (a free local port) or `PORT` (the same on both sides). */
export function parsePortPair(spec: string): PortPair {
  const m = /^(\d*)(?::(\d+))?$/.exec(spec);
  const local = m ? (m[2] === undefined ? Number(m[1]) : m[1] === "" ? 0 : Number(m[1])) : NaN;
  const remote = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || m[0] === "" || !(local >= 0 && local <= 65535) || !(remote >= 1 && remote <= 65535)) {
    throw new Error(
      `"${spec}" is not a port pair: write LOCAL:REMOTE, :REMOTE or PORT (ports 1-65535)`,
    );
  }
  return { local, remote };
}

function relay(config: RestConfig, o: PortForwardOptions, remote: number, conn: Socket) {
  const seen = [false, false];
  const path = `/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods/${
    encodeURIComponent(o.pod)
  }/portforward?ports=${remote}`;
  conn.pause();
  conn.on("error", () => conn.destroy());
  dialWebSocket(config, path, ["v4.channel.k8s.io"], {
    onMessage(data) {
      const ch = data[0];
      if (ch !== 0 && ch !== 1) return;
      let body = data.subarray(1);
      if (!seen[ch]) {
        seen[ch] = true;
        body = body.subarray(2);
      }
      if (body.length === 0) return;
      if (ch === 0) conn.write(body);
      else o.onError?.(`error forwarding port ${remote}: ${new TextDecoder().decode(body)}`);
    },
  }).then((ws) => {
    conn.on("data", (chunk: Buffer) => {
      const msg = new Uint8Array(chunk.length + 1);
      msg.set(chunk, 1);
      conn.pause();
      void ws.send(msg).then(() => conn.resume());
    });
    conn.on("close", () => ws.close(1000));
    void ws.closed.then(() => conn.end());
    conn.resume();
  }, (e: Error) => {
    o.onError?.(`error forwarding port ${remote}: ${e.message}`);
    conn.destroy();
  });
}

/** Checks the pod runs, then listens on every local port. */
export async function startPortForward(
  config: RestConfig,
  o: PortForwardOptions,
): Promise<PortForward> {
  const client = new RestClient(config);
  let pod: Pod;
  try {
    pod = await client.get<Pod>({ resource: "pods", namespace: o.namespace, name: o.pod });
  } finally {
    client.close();
  }
  if (pod.status?.phase !== "Running") {
    throw new Error(
      `unable to forward port because pod is not running. Current status=${pod.status?.phase}`,
    );
  }
  const servers: Server[] = [];
  const conns = new Set<Socket>();
  const bound: PortPair[] = [];
  try {
    for (const p of o.ports) {
      const server = createServer((conn) => {
        conns.add(conn);
        conn.on("close", () => conns.delete(conn));
        relay(config, o, p.remote, conn);
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once(
          "error",
          (e) =>
            reject(
              new Error(`cannot listen on ${o.address ?? "127.0.0.1"}:${p.local}: ${e.message}`),
            ),
        );
        server.listen(p.local, o.address ?? "127.0.0.1", () => resolve());
      });
      const addr = server.address();
      bound.push({
        local: typeof addr === "object" && addr ? addr.port : p.local,
        remote: p.remote,
      });
    }
  } catch (e) {
    for (const s of servers) s.close();
    throw e;
  }
  return {
    ports: bound,
    async close() {
      for (const c of conns) c.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
