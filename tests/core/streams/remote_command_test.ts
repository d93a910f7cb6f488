/**
 * The server role of exec over a real node:http upgrade with Deno's WebSocket client: the
 * subprotocol is echoed, stdin arrives until v5's close signal, output and exactly one Status
 * on channel 3 come back, the close code is 1000; handshakes without a common protocol or
 * without X-Stream-Protocol-Version are refused as kube's servers refuse them.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import { connect } from "node:net";
import type { Duplex } from "node:stream";
import { exitStatus } from "../../../core/streams/channel_protocol.ts";
import { acceptRemoteCommand } from "../../../core/streams/remote_command.ts";

/** A server whose every exec echoes stdin to stdout and exits 3. */
async function echoServer() {
  const server = createServer();
  server.on("upgrade", async (req: IncomingMessage, socket: Duplex, head: Uint8Array) => {
    const s = await acceptRemoteCommand(req, socket, new Uint8Array(head), {
      stdin: true,
      stdout: true,
      stderr: true,
      tty: false,
    });
    if (!s) return;
    for await (const chunk of s.stdin!) await s.writeStdout(chunk);
    await s.writeStderr(new TextEncoder().encode("done"));
    await s.finish(exitStatus(3));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Sends a raw upgrade request and returns the response head. */
function rawHandshake(port: number, headers: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, "127.0.0.1", () => {
      s.write(`POST /exec HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n${headers}\r\n`);
    });
    let got = "";
    s.on("data", (c: Uint8Array) => {
      got += new TextDecoder().decode(c);
      if (got.includes("\r\n\r\n")) {
        s.destroy();
        resolve(got.slice(0, got.indexOf("\r\n\r\n")));
      }
    });
    s.on("error", reject);
  });
}

Deno.test("v5 WebSocket exec: stdin until [255,0], output, one Status on channel 3, close 1000", async () => {
  const srv = await echoServer();
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/exec`, ["v5.channel.k8s.io"]);
    ws.binaryType = "arraybuffer";
    const messages: Uint8Array[] = [];
    ws.onmessage = (e) => messages.push(new Uint8Array(e.data as ArrayBuffer));
    const closed = new Promise<CloseEvent>((r) => ws.onclose = r);
    await new Promise((r) => ws.onopen = r);
    assert.equal(ws.protocol, "v5.channel.k8s.io");
    ws.send(new Uint8Array([0, ...new TextEncoder().encode("hi there")]));
    ws.send(new Uint8Array([255, 0]));
    const ev = await closed;
    assert.equal(ev.code, 1000);
    const byChannel = (c: number) =>
      new TextDecoder().decode(
        new Uint8Array(messages.filter((m) => m[0] === c).flatMap((m) => [...m.subarray(1)])),
      );
    assert.equal(byChannel(1), "hi there");
    assert.equal(byChannel(2), "done");
    assert.equal(messages.filter((m) => m[0] === 3).length, 1, "exactly one status message");
    assert.deepEqual(JSON.parse(byChannel(3)).details.causes, [{
      reason: "ExitCode",
      message: "3",
    }]);
    assert.ok(messages.every((m) => m[0] !== 255), "never channel 255 towards the client");
  } finally {
    await srv.close();
  }
});

Deno.test("handshakes without a common protocol or protocol header are refused", async () => {
  const srv = await echoServer();
  try {
    const ws = await rawHandshake(
      srv.port,
      "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v3.channel.k8s.io\r\n",
    );
    assert.match(ws, /^HTTP\/1\.1 403 /);
    const noVersion = await rawHandshake(srv.port, "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\n");
    assert.match(noVersion, /^HTTP\/1\.1 400 /);
    const old = await rawHandshake(
      srv.port,
      "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v2.channel.k8s.io\r\n",
    );
    assert.match(old, /^HTTP\/1\.1 403 /);
    assert.match(old, /X-Accepted-Stream-Protocol-Versions: v4\.channel\.k8s\.io/);
    const spdy = await rawHandshake(
      srv.port,
      "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v5.channel.k8s.io\r\n" +
        "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n",
    );
    assert.match(spdy, /^HTTP\/1\.1 101 /);
    assert.match(spdy, /X-Stream-Protocol-Version: v4\.channel\.k8s\.io/);
  } finally {
    await srv.close();
  }
});
