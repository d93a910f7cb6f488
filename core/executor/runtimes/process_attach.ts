/**
 * `kubectl attach` in the process runtime. A container with `stdin: true` reads its stdin from
 * a FIFO in its container directory, which its own shell opens read-write before exec'ing the
 * command: the process itself holds a writer, so its stdin stays open while no client is
 * attached and across executor restarts, and a restarted executor finds the FIFO where it was.
 * An attach with stdin opens the FIFO for writing; the client's end of input releases that
 * handle only (the container keeps its stdin; `stdinOnce` is not honoured). Output is the
 * container's log from the moment of attaching. No terminal: `tty: true` containers get a pipe.
 */
import type { ExecProcess, ExecStreamOptions } from "../runtime.ts";

/** The FIFO's file name inside a container directory. */
export const STDIN_FIFO = "stdin";

/** The shell redirection of the main process's stdin (`$0` is `<container dir>/output`). */
export function stdinRedirect(stdin: boolean | undefined): string {
  return stdin ? `<>"\${0%/*}/${STDIN_FIFO}"` : "</dev/null";
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
 * A writer of the container's stdin FIFO, or undefined when the container has none. Opened
 * read-write, so it never blocks (even when the container is gone); closing it releases only
 * this handle.
 */
export async function openContainerStdin(
  containerDir: string,
): Promise<WritableStream<Uint8Array> | undefined> {
  const path = `${containerDir}/${STDIN_FIFO}`;
  const info = await Deno.lstat(path).catch(() => undefined);
  if (!info?.isFifo) return undefined;
  const file = await Deno.open(path, { read: true, write: true });
  let open = true;
  const release = () => {
    if (!open) return;
    open = false;
    file.close();
  };
  return new WritableStream<Uint8Array>({
    async write(chunk) {
      let off = 0;
      while (off < chunk.length) off += await file.write(chunk.subarray(off));
    },
    close: release,
    abort: release,
  });
}

/**
 * Attaches to a container: `follow` opens its log from now on (ended when the container ends
 * or the signal aborts); with `opts.stdin`, input goes to the container's stdin FIFO.
 */
export async function processAttach(
  containerDir: string,
  opts: ExecStreamOptions,
  follow: (signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>,
): Promise<ExecProcess> {
  const abort = new AbortController();
  const lines = await follow(abort.signal);
  const stdin = opts.stdin ? await openContainerStdin(containerDir) : undefined;
  let ended: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => ended = resolve);
  const stdout = lines.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      flush: () => ended(0),
    }),
  );
  return {
    stdin,
    stdout,
    resize: () => Promise.resolve(),
    exited,
    kill: () => {
      abort.abort();
      ended(0);
    },
  };
}
