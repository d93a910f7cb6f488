/**
 * `kubectl attach` in the process runtime. A container with `stdin: true` reads its stdin from
 * a FIFO in its container directory, which its own shell opens read-write before exec'ing the
 * command: the process itself holds a writer, so its stdin stays open while no client is
 * attached and across executor restarts, and a restarted executor finds the FIFO where it was.
 * An attach with stdin opens the FIFO for writing; the client's end of input releases that
 * handle only, so the container keeps its stdin. With `stdinOnce` the main process opens the
 * FIFO read-only and a keeper subshell of the container (pid in `stdin.keeper`, it ends with the
 * main process) holds the only lasting writer: when the first attach with stdin ends, the
 * keeper is stopped and the FIFO removed, so the process reads EOF and later attaches get no
 * stdin, as kubelet's runtimes do. Output is the container's log from the moment of attaching.
 * No terminal: `tty: true` containers get a pipe.
 */
import type { ExecProcess, ExecStreamOptions } from "../runtime.ts";

/** The FIFO's file name inside a container directory. */
export const STDIN_FIFO = "stdin";

/** The file holding the pid of a `stdinOnce` container's FIFO keeper. */
export const STDIN_KEEPER = "stdin.keeper";

/** The stdin settings of a container. */
export interface StdinSpec {
  stdin?: boolean;
  stdinOnce?: boolean;
}

/** The shell redirection of the main process's stdin (`$0` is `<container dir>/output`). */
export function stdinRedirect(spec: StdinSpec): string {
  if (!spec.stdin) return "</dev/null";
  const fifo = `"\${0%/*}/${STDIN_FIFO}"`;
  return spec.stdinOnce ? `<${fifo}` : `<>${fifo}`;
}

/**
 * Shell commands run before the main process's exec: for `stdinOnce`, a keeper subshell that
 * holds the FIFO open for writing while the shell's pid (the main process after exec) lives,
 * its pid written to STDIN_KEEPER. Empty otherwise.
 */
export function stdinKeeper(spec: StdinSpec): string {
  if (!spec.stdin || !spec.stdinOnce) return "";
  const dir = "\${0%/*}";
  return `(while kill -0 $$ 2>/dev/null; do sleep 1 3>&-; done) 3<>"${dir}/${STDIN_FIFO}" ` +
    `</dev/null >/dev/null 2>&1 & echo $! >"${dir}/${STDIN_KEEPER}"; `;
}

/**
 * Ends a `stdinOnce` container's stdin: stops its keeper (only a process of the container's
 * process group `pgid`) and removes the FIFO so no later attach writes to it. False when the
 * container has no keeper (not stdinOnce, or closed already).
 */
export async function closeStdinOnce(containerDir: string, pgid: number): Promise<boolean> {
  const keeperFile = `${containerDir}/${STDIN_KEEPER}`;
  const text = await Deno.readTextFile(keeperFile).catch(() => undefined);
  if (text === undefined) return false;
  await Deno.remove(`${containerDir}/${STDIN_FIFO}`).catch(() => {});
  await Deno.remove(keeperFile).catch(() => {});
  const pid = Number(text.trim());
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => "");
  const group = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  if (Number.isInteger(pid) && pid > 1 && group === pgid) {
    try {
      Deno.kill(pid, "SIGTERM");
    } catch { /* gone already */ }
  }
  return true;
}

/** Creates the stdin FIFO of a container directory (mode 0600). */
export async function makeStdinFifo(containerDir: string): Promise<void> {
  const path = `${containerDir}/${STDIN_FIFO}`;
  await Deno.remove(path).catch(() => {});
  const out = await new Deno.Command("mkfifo", {
    args: ["-m", "600", path],
    stdout: "null",
    stderr: "piped",
  }).output().catch((e: Error) => {
    throw new Error(
      `cannot create the stdin FIFO ${path} (mkfifo: ${e.message}); install coreutils`,
    );
  });
  if (!out.success) {
    throw new Error(
      `cannot create the stdin FIFO ${path}: ${new TextDecoder().decode(out.stderr).trim()}`,
    );
  }
}

/**
 * A writer of the container's stdin FIFO and its release, or undefined when the container has
 * none. Opened read-write, so it never blocks (even when the container is gone); closing the
 * stream or calling `release` frees only this handle, then runs `onRelease` (once).
 */
export async function openContainerStdin(
  containerDir: string,
  onRelease: () => void = () => {},
): Promise<{ stream: WritableStream<Uint8Array>; release: () => void } | undefined> {
  const path = `${containerDir}/${STDIN_FIFO}`;
  const info = await Deno.lstat(path).catch(() => undefined);
  if (!info?.isFifo) return undefined;
  const file = await Deno.open(path, { read: true, write: true });
  let open = true;
  const release = () => {
    if (!open) return;
    open = false;
    file.close();
    onRelease();
  };
  const stream = new WritableStream<Uint8Array>({
    async write(chunk) {
      let off = 0;
      while (off < chunk.length) off += await file.write(chunk.subarray(off));
    },
    close: release,
    abort: release,
  });
  return { stream, release };
}

/**
 * Attaches to a container: `follow` opens its log from now on (ended when the container ends
 * or the signal aborts); with `opts.stdin`, input goes to the container's stdin FIFO, and for a
 * `stdinOnce` container (process group `pgid`) the end of this attach ends that stdin.
 */
export async function processAttach(
  containerDir: string,
  pgid: number,
  opts: ExecStreamOptions,
  follow: (signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>,
): Promise<ExecProcess> {
  const abort = new AbortController();
  const lines = await follow(abort.signal);
  const stdin = opts.stdin
    ? await openContainerStdin(containerDir, () => void closeStdinOnce(containerDir, pgid))
    : undefined;
  let ended: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => ended = resolve);
  const stdout = lines.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      flush: () => ended(0),
    }),
  );
  return {
    stdin: stdin?.stream,
    stdout,
    resize: () => Promise.resolve(),
    exited,
    kill: () => {
      abort.abort();
      stdin?.release();
      ended(0);
    },
  };
}
