/**
 * `kubectl exec` and `kubectl attach` through the Docker Engine API (Docker or podman's
 * compatible service): creates an exec instance (or attaches to the container), starts it on a
 * hijacked connection (`Connection: Upgrade`, `Upgrade: tcp`)
 * carrying stdin one way and the output the other (multiplexed 8-byte frames without a TTY,
 * raw with one), resizes through `/exec/{id}/resize`, and reads the exit code from
 * `/exec/{id}/json` once the output ends.
 */
import type { ExecProcess, ExecStreamOptions } from "../runtime.ts";
import { type DockerClient, resolveDockerEndpoint } from "./docker_client.ts";
import { readFrames } from "./docker_stream.ts";

async function dial(endpoint: string): Promise<Deno.Conn> {
  const e = resolveDockerEndpoint(endpoint);
  if (e.kind === "unix") return await Deno.connect({ transport: "unix", path: e.path });
  const u = new URL(e.base);
  return await Deno.connect({ hostname: u.hostname, port: Number(u.port || 80) });
}

/** Reads the HTTP response head off `conn`; returns its status line and the bytes after it. */
async function readHead(
  conn: Deno.Conn,
): Promise<{ status: number; head: string; rest: Uint8Array }> {
  let buf = new Uint8Array(0);
  const chunk = new Uint8Array(16 * 1024);
  for (;;) {
    const n = await conn.read(chunk);
    if (n === null) throw new Error("the engine closed the exec connection before answering");
    const merged = new Uint8Array(buf.length + n);
    merged.set(buf);
    merged.set(chunk.subarray(0, n), buf.length);
    buf = merged;
    const text = new TextDecoder("latin1").decode(buf);
    const end = text.indexOf("\r\n\r\n");
    if (end >= 0) {
      const head = text.slice(0, end);
      return { status: Number(head.split(" ")[1]), head, rest: buf.slice(end + 4) };
    }
    if (buf.length > 64 * 1024) throw new Error("the engine's exec answer has no end of headers");
  }
}

/** A hijacked Engine API connection split into the process's streams. */
interface Hijacked {
  stdin?: WritableStream<Uint8Array>;
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
  /** Settles once the engine ended the output (the connection is then closed). */
  ended: Promise<void>;
  close(): void;
}

/** POSTs `path` with `Upgrade: tcp` and demultiplexes the hijacked stream (raw with a TTY). */
async function hijack(
  client: DockerClient,
  path: string,
  body: string,
  tty: boolean,
  stdin: boolean,
): Promise<Hijacked> {
  const version = await client.apiVersion();
  const conn = await dial(client.endpoint);
  await conn.write(new TextEncoder().encode(
    `POST /v${version}${path} HTTP/1.1\r\nHost: docker\r\n` +
      `Content-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n` +
      `Content-Length: ${body.length}\r\n\r\n${body}`,
  ));
  const { status, head, rest } = await readHead(conn);
  if (status !== 101 && status !== 200) {
    conn.close();
    throw new Error(`the engine refused ${path}: ${head.split("\r\n")[0]}`);
  }
  const close = () => {
    try {
      conn.close();
    } catch { /* closed already */ }
  };
  const raw = new ReadableStream<Uint8Array>({
    start(c) {
      if (rest.length > 0) c.enqueue(rest);
    },
    async pull(c) {
      const chunk = new Uint8Array(32 * 1024);
      const n = await conn.read(chunk).catch(() => null);
      if (n === null) c.close();
      else c.enqueue(chunk.slice(0, n));
    },
  });
  const out = new TransformStream<Uint8Array, Uint8Array>();
  const err = new TransformStream<Uint8Array, Uint8Array>();
  const ended = (async () => {
    const o = out.writable.getWriter();
    const e = err.writable.getWriter();
    try {
      if (tty) { for await (const c of raw) await o.write(c); }
      else for await (const f of readFrames(raw)) await (f.stream === 2 ? e : o).write(f.data);
    } finally {
      await o.close().catch(() => {});
      await e.close().catch(() => {});
    }
  })().catch(() => {}).then(close);
  return {
    stdin: stdin
      ? new WritableStream<Uint8Array>({
        write: async (chunk) => void await conn.write(chunk),
        close: () => conn.closeWrite().catch(() => {}),
        abort: () => conn.closeWrite().catch(() => {}),
      })
      : undefined,
    stdout: out.readable,
    stderr: err.readable,
    ended,
    close,
  };
}

/** Starts `cmd` in container `id` with streamed stdio. */
export async function dockerExecStream(
  client: DockerClient,
  id: string,
  cmd: string[],
  opts: ExecStreamOptions,
): Promise<ExecProcess> {
  const created = await client.json<{ Id: string }>("POST", `/containers/${id}/exec`, {
    body: {
      AttachStdin: opts.stdin,
      AttachStdout: true,
      AttachStderr: true,
      Tty: opts.tty,
      Cmd: cmd,
    },
  });
  const body = JSON.stringify({ Detach: false, Tty: opts.tty });
  const h = await hijack(client, `/exec/${created.Id}/start`, body, opts.tty, opts.stdin);
  const exited = h.ended.then(async () => {
    const info = await client.json<{ ExitCode?: number | null }>("GET", `/exec/${created.Id}/json`);
    return info.ExitCode ?? 1;
  });
  return {
    stdin: h.stdin,
    stdout: h.stdout,
    stderr: h.stderr,
    resize: async (size) => {
      if (!opts.tty) return;
      await client.request("POST", `/exec/${created.Id}/resize`, {
        query: { h: size.height, w: size.width },
      }).then((r) => r.body?.cancel()).catch(() => {});
    },
    exited,
    kill: h.close,
  };
}

/** Attaches to container `id`'s main process (its TTY and stdin as the container has them). */
export async function dockerAttachStream(
  client: DockerClient,
  id: string,
  opts: ExecStreamOptions,
): Promise<ExecProcess> {
  const info = await client.json<{ Config?: { Tty?: boolean; OpenStdin?: boolean } }>(
    "GET",
    `/containers/${id}/json`,
  );
  const tty = info.Config?.Tty === true;
  const stdin = opts.stdin && info.Config?.OpenStdin === true;
  const query = `stream=1&stdout=1&stderr=1&stdin=${stdin ? 1 : 0}`;
  const h = await hijack(client, `/containers/${id}/attach?${query}`, "", tty, stdin);
  return {
    stdin: h.stdin,
    stdout: h.stdout,
    stderr: h.stderr,
    resize: async (size) => {
      if (!tty) return;
      await client.request("POST", `/containers/${id}/resize`, {
        query: { h: size.height, w: size.width },
      }).then((r) => r.body?.cancel()).catch(() => {});
    },
    exited: h.ended.then(() => 0),
    kill: h.close,
  };
}
