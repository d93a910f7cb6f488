/**
 * Remote command over SPDY/3.1: the client opens one stream per role (`streamtype` error,
 * stdin, stdout, stderr without a TTY, resize with one), each answered at once; the session
 * is ready once all asked-for streams exist (30 s at most, as the kubelet waits). Output is
 * DATA on stdout/stderr, then FIN; a failure Status goes on the error stream before its FIN.
 */
import type { Duplex } from "node:stream";
import { ResizeDecoder, resizeFanout } from "./channel_protocol.ts";
import type { RemoteCommandOptions, RemoteCommandSession } from "./remote_command.ts";
import { SpdySession, type SpdyStream } from "./spdy_session.ts";

/** The SPDY/3.1 side of acceptRemoteCommand, after the 101: waits for the client's streams. */
export async function spdySession(
  socket: Duplex,
  head: Uint8Array,
  protocol: string,
  opts: RemoteCommandOptions,
): Promise<RemoteCommandSession | undefined> {
  const wanted = new Set(["error"]);
  if (opts.stdin) wanted.add("stdin");
  if (opts.stdout) wanted.add("stdout");
  if (opts.stderr && !opts.tty) wanted.add("stderr");
  if (opts.tty) wanted.add("resize");
  const streams = new Map<string, SpdyStream>();
  let arrived: () => void = () => {};
  const all = new Promise<void>((resolve) => arrived = resolve);
  const session = new SpdySession(socket, head, (s) => {
    const type = (s.header("streamtype") ?? "").toLowerCase();
    if (!wanted.has(type) || streams.has(type)) {
      void s.end();
      return;
    }
    streams.set(type, s);
    if (streams.size === wanted.size) arrived();
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const outcome = await Promise.race([
    all.then(() => "ready"),
    session.closed.then(() => "closed"),
    new Promise((r) => timer = setTimeout(() => r("timeout"), 30_000)),
  ]);
  clearTimeout(timer);
  if (outcome !== "ready") {
    socket.destroy();
    return undefined;
  }
  const resizes = resizeFanout();
  const resize = streams.get("resize");
  if (resize) {
    const decoder = new ResizeDecoder();
    void resize.readable.pipeTo(
      new WritableStream({
        write: (chunk) => void decoder.push(chunk).forEach(resizes.emit),
      }),
    ).catch(() => {});
  }
  const out = streams.get("stdout");
  const err = streams.get("stderr");
  return {
    transport: "spdy",
    protocol,
    stdin: streams.get("stdin")?.readable,
    onResize: resizes.on,
    writeStdout: (d) => out?.write(d) ?? Promise.resolve(),
    writeStderr: (d) => (err ?? out)?.write(d) ?? Promise.resolve(),
    async finish(status) {
      const errorStream = streams.get("error")!;
      for (const s of [out, err]) await s?.end();
      if (status.status !== "Success") {
        await errorStream.write(new TextEncoder().encode(JSON.stringify(status)));
      }
      await errorStream.end();
      // The client resets its streams and closes the connection once it read every EOF.
      const t = setTimeout(() => void session.close(), 10_000);
      await session.closed;
      clearTimeout(t);
    },
    closed: session.closed,
  };
}
