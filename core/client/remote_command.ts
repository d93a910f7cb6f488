/**
 * `pods/exec` and `pods/attach` from the client side, as kubectl does over WebSockets: the
 * `v5.channel.k8s.io` protocol (channel 0 stdin, 1 stdout, 2 stderr, 3 the final Status, 4
 * terminal sizes, `[255, 0]` for stdin EOF), with `v4.channel.k8s.io` for older servers. The
 * result is the remote exit code (NonZeroExitCode's cause), or an Error with the server's message.
 */
import type { TerminalSize } from "../streams/channel_protocol.ts";
import type { RestConfig } from "./rest_client.ts";
import { dialWebSocket } from "./websocket_dial.ts";

/** What to run (exec: `command`; attach: none) and where its streams go. */
export interface PodStreamOptions {
  namespace: string;
  pod: string;
  /** The container (the server picks the only one when absent). */
  container?: string;
  /** exec: the argv; absent: attach to the main process. */
  command?: string[];
  /** Sent as the process's stdin (`-i`); its end closes the process's stdin. */
  stdin?: ReadableStream<Uint8Array>;
  /** A terminal (`-t`): stdout carries both streams. */
  tty?: boolean;
  /** Terminal sizes with a TTY: the first now, then each change. */
  resize?: { initial: TerminalSize; subscribe(onSize: (s: TerminalSize) => void): () => void };
  stdout(bytes: Uint8Array): Promise<void>;
  stderr(bytes: Uint8Array): Promise<void>;
}

interface StatusDoc {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/** The exit code a final Status means; throws its message for other failures. */
export function exitCodeOf(doc: StatusDoc): number {
  if (doc.status === "Success") return 0;
  if (doc.reason === "NonZeroExitCode") {
    const cause = doc.details?.causes?.find((c) => c.reason === "ExitCode");
    const code = Number(cause?.message);
    if (Number.isInteger(code) && code >= 0 && code <= 255) return code;
  }
  throw new Error(doc.message || `the command failed: ${JSON.stringify(doc)}`);
}

/** The request path and query of an exec or attach. */
export function remoteCommandPath(o: PodStreamOptions): string {
  const q = new URLSearchParams();
  for (const arg of o.command ?? []) q.append("command", arg);
  if (o.container) q.set("container", o.container);
  if (o.stdin) q.set("stdin", "true");
  q.set("stdout", "true");
  if (!o.tty) q.set("stderr", "true");
  if (o.tty) q.set("tty", "true");
  const verb = o.command ? "exec" : "attach";
  const path = [o.namespace, o.pod].map(encodeURIComponent);
  return `/api/v1/namespaces/${path[0]}/pods/${path[1]}/${verb}?${q}`;
}

/** Runs the exec or attach and resolves with the remote exit code. */
export async function runRemoteCommand(
  config: RestConfig,
  o: PodStreamOptions,
): Promise<number> {
  let output = Promise.resolve();
  const statusChunks: Uint8Array[] = [];
  const ws = await dialWebSocket(
    config,
    remoteCommandPath(o),
    ["v5.channel.k8s.io", "v4.channel.k8s.io"],
    {
      onMessage(data) {
        if (data.length === 0) return;
        const body = data.subarray(1);
        if (data[0] === 1 && body.length > 0) output = output.then(() => o.stdout(body));
        else if (data[0] === 2 && body.length > 0) output = output.then(() => o.stderr(body));
        else if (data[0] === 3) statusChunks.push(body);
      },
    },
  );
  const v5 = ws.protocol === "v5.channel.k8s.io";
  let unsubscribe = () => {};
  if (o.tty && o.resize) {
    const sendSize = (s: TerminalSize) =>
      void ws.send(
        new Uint8Array([
          4,
          ...new TextEncoder().encode(JSON.stringify({ Width: s.width, Height: s.height })),
        ]),
      );
    sendSize(o.resize.initial);
    unsubscribe = o.resize.subscribe(sendSize);
  }
  let stdinDone: Promise<void> = Promise.resolve();
  const reader = o.stdin?.getReader();
  if (reader) {
    stdinDone = (async () => {
      while (true) {
        const r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        if (r.done) break;
        for (let off = 0; off < r.value.length; off += 32 * 1024) {
          const part = r.value.subarray(off, off + 32 * 1024);
          const msg = new Uint8Array(part.length + 1);
          msg.set(part, 1);
          await ws.send(msg);
        }
      }
      // v4 cannot signal stdin EOF; the process keeps its stdin open until the stream ends.
      if (v5) await ws.send(new Uint8Array([255, 0]));
    })();
  }
  const code = await ws.closed;
  unsubscribe();
  // A read of a terminal may never end: cancel it, never wait for it.
  reader?.cancel().catch(() => {});
  stdinDone.catch(() => {});
  await output;
  const text = new TextDecoder().decode(joined(statusChunks));
  if (text === "") {
    throw new Error(
      `the ${o.command ? "exec" : "attach"} stream of pod ${o.pod} ended without an exit status ` +
        `(close code ${code}); the connection to the apiserver or the node was lost`,
    );
  }
  let doc: StatusDoc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(text);
  }
  return exitCodeOf(doc);
}

function joined(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
