/**
 * The local side of `k8sm exec` and `k8sm attach`: stdout/stderr writers, stdin as a stream,
 * and with `-t` on a terminal, raw mode and the terminal's sizes (now and on each SIGWINCH).
 */
import type { TerminalSize } from "../streams/channel_protocol.ts";

/** Writes every byte of `bytes` to `out` (stdout or stderr). */
export async function writeAllTo(
  out: { write(p: Uint8Array): Promise<number> },
  bytes: Uint8Array,
): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await out.write(bytes.subarray(off));
}

/** The terminal's size updates (SIGWINCH), or undefined when stdout is not a terminal. */
export function terminalSizes():
  | { initial: TerminalSize; subscribe(onSize: (s: TerminalSize) => void): () => void }
  | undefined {
  if (!Deno.stdout.isTerminal()) return undefined;
  const size = () => {
    const { columns, rows } = Deno.consoleSize();
    return { width: columns, height: rows };
  };
  return {
    initial: size(),
    subscribe(onSize) {
      if (Deno.build.os === "windows") return () => {};
      const handler = () => onSize(size());
      Deno.addSignalListener("SIGWINCH", handler);
      return () => Deno.removeSignalListener("SIGWINCH", handler);
    },
  };
}

/** Puts stdin in raw mode when it is a terminal; returns the restore function. */
export function rawStdin(): () => void {
  if (!Deno.stdin.isTerminal()) return () => {};
  Deno.stdin.setRaw(true);
  return () => Deno.stdin.setRaw(false);
}
