/**
 * client-node's WebSocket port-forward (`v4.channel.k8s.io` with channel pairs, §4.3 of
 * STREAMING.md): for the i-th port of `?ports=`/`?port=`, channel 2i carries data both ways and
 * 2i+1 errors towards the client. Right after the 101 each channel gets a first message holding
 * the port as 2 bytes little-endian (client-node strips it blindly). There is no half-close: the
 * WebSocket closes (1000) when every pod connection ended, and a client close ends them all.
 */
import type { Duplex } from "node:stream";
import { websocketAccept } from "./websocket_frames.ts";
import { WebSocketSession } from "./websocket_session.ts";

/** Subprotocols accepted for channel-pair port forwarding (the kubelet's list). */
export const PORT_FORWARD_CHANNEL_PROTOCOLS = ["v4.channel.k8s.io"];

/** Answers the handshake (101 with `protocol`) and forwards `ports` until the end. */
export async function channelPortForward(
  socket: Duplex,
  head: Uint8Array,
  key: string,
  protocol: string,
  ports: number[],
  dial: (port: number) => Promise<Deno.Conn>,
): Promise<void> {
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${websocketAccept(key)}\r\n` +
      (protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : "") + "\r\n",
  );
  const conns = ports.map((p) => dial(p).then((c) => c, (e: Error) => e));
  const open = new Set<Deno.Conn>();
  const ws = new WebSocketSession(socket, head, {
    async onMessage(data) {
      const channel = data[0];
      if (channel % 2 !== 0 || channel / 2 >= ports.length) return;
      const conn = await conns[channel / 2];
      if (!(conn instanceof Error)) await conn.write(data.subarray(1)).catch(() => {});
    },
    onClose() {
      for (const c of open) {
        try {
          c.close();
        } catch { /* closed already */ }
      }
    },
  });
  const send = (channel: number, bytes: Uint8Array) => {
    const msg = new Uint8Array(bytes.length + 1);
    msg[0] = channel;
    msg.set(bytes, 1);
    return ws.send(msg);
  };
  for (const [i, port] of ports.entries()) {
    const prefix = new Uint8Array([port & 0xff, port >> 8]);
    await send(2 * i, prefix);
    await send(2 * i + 1, prefix);
  }
  await Promise.all(ports.map(async (port, i) => {
    const conn = await conns[i];
    if (conn instanceof Error) {
      const text = `error forwarding port ${port} to pod: ${conn.message}`;
      await send(2 * i + 1, new TextEncoder().encode(text));
      return;
    }
    open.add(conn);
    const buf = new Uint8Array(32 * 1024);
    for (;;) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) break;
      await send(2 * i, buf.slice(0, n));
    }
    open.delete(conn);
    try {
      conn.close();
    } catch { /* closed already */ }
  }));
  await ws.close(1000);
}

/** The ports of `?port=`/`?ports=` (repeated or comma-separated); a sentence when invalid. */
export function portsOf(q: URLSearchParams): number[] | string {
  const raw = [...q.getAll("port"), ...q.getAll("ports")].flatMap((v) => v.split(","));
  if (raw.length === 0) return 'query parameter "port" is required';
  const ports = raw.map((v) => Number(v.trim()));
  const bad = raw.find((_, i) => !Number.isInteger(ports[i]) || ports[i] < 1 || ports[i] > 65535);
  return bad === undefined ? ports : `port ${JSON.stringify(bad)} is not a number in 1-65535`;
}
