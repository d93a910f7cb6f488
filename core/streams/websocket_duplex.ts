/**
 * A byte-stream Duplex over an accepted WebSocket, for kubectl's port-forward tunnel: the raw
 * SPDY/3.1 byte stream rides inside binary messages whose boundaries mean nothing (empty ones
 * occur), so inbound messages are pushed as bytes and every write becomes one binary message.
 * The client's close (code 1000) is EOF; ending the Duplex sends close 1000.
 */
import { Duplex } from "node:stream";
import type { WebSocketSession } from "./websocket_session.ts";

/** Wraps `open(handlers)` (which builds the WebSocketSession) as a Duplex of bytes. */
export function websocketDuplex(
  open: (handlers: { onMessage(d: Uint8Array): void; onClose(): void }) => WebSocketSession,
): Duplex {
  const held: { ws?: WebSocketSession } = {};
  const duplex: Duplex = new Duplex({
    read() {},
    write(chunk: Uint8Array, _enc: string, cb: (e?: Error | null) => void) {
      if (!held.ws) return cb(new Error("the WebSocket is not open"));
      held.ws.send(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
        .then(() => cb(), cb);
    },
    final(cb: (e?: Error | null) => void) {
      if (!held.ws) return cb();
      held.ws.close(1000).then(() => cb(), cb);
    },
    destroy(err: Error | null, cb: (e: Error | null) => void) {
      void held.ws?.close(1000);
      cb(err);
    },
  });
  held.ws = open({
    onMessage: (d) => {
      if (d.length > 0) duplex.push(d);
    },
    onClose: () => {
      duplex.push(null);
      duplex.destroy();
    },
  });
  return duplex;
}
