/**
 * The executor's streaming kubelet endpoint: `/exec/{namespace}/{pod}/{container}?command=…&
 * stdin&stdout&stderr&tty` (also the kubelet's `input`/`output`/`error` names) and
 * `/attach/{namespace}/{pod}/{container}` (the main process; Success when it ends) over WebSocket
 * (`v5`/`v4.channel.k8s.io`) or SPDY/3.1. The caller passes the KubeletGuard first; the
 * container must be running (else 500 `container not found ("c")`, as the kubelet answers);
 * then the command runs through the Runtime and its exit code travels as the error-channel
 * Status, so `kubectl exec … -- sh -c 'exit 3'` exits 3.
 */
import type { Buffer } from "node:buffer";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { peerCertificateChain, toWebRequest } from "../apiserver/node_bridge.ts";
import { exitStatus, internalErrorStatus, queryFlag } from "../streams/channel_protocol.ts";
import { acceptPortForward } from "../streams/port_forward.ts";
import { acceptRemoteCommand, type RemoteCommandSession } from "../streams/remote_command.ts";
import { writeHttpResponse, writeWebResponse } from "../streams/socket_io.ts";
import { type LogLookup, runtimeLogLookup } from "./container_logs_handler.ts";
import type { KubeletGuard } from "./kubelet_guard.ts";
import type { ExecProcess, Runtime } from "./runtime.ts";

/** Options of execUpgradeHandler. */
export interface ExecEndpointOptions {
  runtime: Runtime;
  /** Finds a pod's container (default: the runtime's newest attempt). */
  lookup?: LogLookup;
  guard?: KubeletGuard;
}

const PATH = /^\/(exec|attach)\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;
const PORT_FORWARD_PATH = /^\/portForward\/([^/]+)\/([^/]+)\/?$/;

/** `/portForward/{ns}/{pod}`: dials ports of the pod through any of its running containers. */
async function portForward(
  req: IncomingMessage,
  socket: Duplex,
  head: Uint8Array,
  runtime: Runtime,
  ns: string,
  pod: string,
): Promise<void> {
  const [namespace, name] = [ns, pod].map(decodeURIComponent);
  const ref = (await runtime.listPodContainers({ includeSandboxes: false })).find((c) =>
    c.podNamespace === namespace && c.podName === name && c.state === "running"
  )?.ref;
  if (!ref) {
    return await text(socket, 500, `pod ${namespace}/${name} has no running container here`);
  }
  await acceptPortForward(req, socket, head, (port) => runtime.dialPort(ref, port));
}

function text(socket: Duplex, status: number, message: string): Promise<void> {
  return writeHttpResponse(
    socket,
    status,
    [["Content-Type", "text/plain; charset=utf-8"]],
    `${message}\n`,
  );
}

/** The `onUpgrade` hook of the kubelet endpoint's listener. */
export function execUpgradeHandler(
  opts: ExecEndpointOptions,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const lookup = opts.lookup ?? runtimeLogLookup(opts.runtime);
  return (req, socket, head) => {
    socket.on("error", () => socket.destroy());
    void serve(req, socket, new Uint8Array(head), opts, lookup).catch((e) => {
      if (!socket.destroyed) {
        void text(socket, 500, `exec failed: ${e instanceof Error ? e.message : e}`);
      }
    });
  };
}

async function serve(
  req: IncomingMessage,
  socket: Duplex,
  head: Uint8Array,
  opts: ExecEndpointOptions,
  lookup: LogLookup,
): Promise<void> {
  const raw = req.url ?? "/";
  const webReq = toWebRequest(req, new AbortController().signal, "kubelet");
  const refused = await opts.guard?.check(webReq, {
    peerCertificates: peerCertificateChain(socket as TLSSocket),
    rawTarget: raw,
  });
  if (refused) return await writeWebResponse(socket, refused);
  const url = new URL(raw, "https://kubelet");
  const pf = PORT_FORWARD_PATH.exec(url.pathname);
  if (pf) return await portForward(req, socket, head, opts.runtime, pf[1], pf[2]);
  const m = PATH.exec(url.pathname);
  if (!m) {
    return await text(
      socket,
      404,
      `${url.pathname} cannot be upgraded here; try /exec/NS/POD/CONTAINER or /attach/…`,
    );
  }
  const attach = m[1] === "attach";
  const [ns, pod, container] = m.slice(2).map(decodeURIComponent);
  const q = url.searchParams;
  const streams = {
    stdin: queryFlag(q, "stdin", "input"),
    stdout: queryFlag(q, "stdout", "output"),
    stderr: queryFlag(q, "stderr", "error"),
    tty: queryFlag(q, "tty"),
  };
  if (!streams.stdin && !streams.stdout && !streams.stderr) {
    return await text(socket, 400, "you must specify at least 1 of stdin, stdout, stderr");
  }
  const ref = await lookup(ns, pod, container, false);
  const state = ref ? (await opts.runtime.inspectContainer(ref)).state : "unknown";
  if (!ref || state !== "running") {
    return await text(socket, 500, `container not found ("${container}")`);
  }
  const session = await acceptRemoteCommand(req, socket, head, streams);
  if (!session) return;
  let proc: ExecProcess;
  const io = { stdin: streams.stdin, tty: streams.tty };
  try {
    proc = attach
      ? await opts.runtime.attach(ref, io)
      : await opts.runtime.exec(ref, q.getAll("command"), io);
  } catch (e) {
    return await session.finish(internalErrorStatus(e instanceof Error ? e.message : String(e)));
  }
  await relay(session, proc);
}

/** Copies stdio both ways until the command ended and its output is out, then sends the Status. */
async function relay(session: RemoteCommandSession, proc: ExecProcess): Promise<void> {
  let done = false;
  void session.closed.then(() => {
    if (!done) proc.kill();
  });
  if (session.stdin && proc.stdin) void session.stdin.pipeTo(proc.stdin).catch(() => {});
  else if (proc.stdin) void proc.stdin.close().catch(() => {});
  session.onResize((size) => void proc.resize(size).catch(() => {}));
  const copy = async (
    from: ReadableStream<Uint8Array> | undefined,
    to: (b: Uint8Array) => Promise<void>,
  ) => {
    if (!from) return;
    for await (const chunk of from) await to(chunk);
  };
  await Promise.all([
    copy(proc.stdout, session.writeStdout).catch(() => {}),
    copy(proc.stderr, session.writeStderr).catch(() => {}),
  ]);
  const code = await proc.exited;
  done = true;
  await session.finish(exitStatus(code));
}
