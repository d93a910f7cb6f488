/**
 * The Kubernetes remote command protocol's vocabulary, shared by the WebSocket
 * (`v5.channel.k8s.io`, `v4.channel.k8s.io`) and SPDY (`streamtype` headers) transports: channel
 * ids, the protocols this server speaks, the Status documents sent on the error channel, and
 * the terminal-size messages of the resize channel.
 */

/** WebSocket channel ids (the first byte of every message). */
export const CHANNEL = { STDIN: 0, STDOUT: 1, STDERR: 2, ERROR: 3, RESIZE: 4, CLOSE: 255 } as const;

/** WebSocket subprotocols this server accepts, best first (kubectl offers only v5). */
export const WEBSOCKET_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io"];

/** SPDY stream protocols accepted (client-go treats v5 over SPDY like v4; kubelets answer v4). */
export const SPDY_PROTOCOLS = ["v4.channel.k8s.io"];

/** A terminal size from the resize channel. */
export interface TerminalSize {
  width: number;
  height: number;
}

/** The Status written on the error channel (metav1.Status without kind/apiVersion). */
export interface ChannelStatus {
  metadata: Record<string, never>;
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

/** The Status of a command that ended with `exitCode` (Success for 0). */
export function exitStatus(exitCode: number): ChannelStatus {
  if (exitCode === 0) return { metadata: {}, status: "Success" };
  const code = Math.max(0, Math.min(255, Math.trunc(exitCode))) || 1;
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: exit status ${code}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(code) }] },
  };
}

/** The Status of a failure that is not the command's own (kubectl prints `message`). */
export function internalErrorStatus(message: string): ChannelStatus {
  return {
    metadata: {},
    status: "Failure",
    message: `Internal error occurred: ${message}`,
    reason: "InternalError",
    details: { causes: [{ message }] },
    code: 500,
  };
}

/**
 * Decodes the resize channel: a stream of concatenated JSON objects, possibly split across
 * messages, with keys matched case-insensitively (`Width` from kubectl, `width` from
 * client-node).
 */
export class ResizeDecoder {
  #text = "";

  /** Adds bytes; returns every size now complete. */
  push(chunk: Uint8Array): TerminalSize[] {
    this.#text += new TextDecoder().decode(chunk);
    const out: TerminalSize[] = [];
    for (;;) {
      const start = this.#text.indexOf("{");
      if (start < 0) {
        this.#text = "";
        return out;
      }
      const end = this.#text.indexOf("}", start);
      if (end < 0) {
        this.#text = this.#text.slice(start);
        return out;
      }
      const doc = this.#text.slice(start, end + 1);
      this.#text = this.#text.slice(end + 1);
      try {
        const obj = JSON.parse(doc) as Record<string, unknown>;
        const get = (k: string) =>
          Number(Object.entries(obj).find(([n]) => n.toLowerCase() === k)?.[1] ?? 0);
        const width = get("width");
        const height = get("height");
        if (width > 0 && height > 0) out.push({ width, height });
      } catch {
        // not a size document: skipped, as the kubelet logs and ignores it
      }
    }
  }
}

/** Parses a remote-command boolean query value (`true`/`1`, as kubectl and the apiserver send). */
export function queryFlag(q: URLSearchParams, ...names: string[]): boolean {
  return names.some((n) => ["true", "1"].includes((q.get(n) ?? "").toLowerCase()));
}

/** Buffers resize events until someone listens (a session replays them to its listener). */
export function resizeFanout() {
  const seen: TerminalSize[] = [];
  let listener: ((s: TerminalSize) => void) | undefined;
  return {
    emit(s: TerminalSize) {
      if (listener) listener(s);
      else seen.push(s);
    },
    on(cb: (s: TerminalSize) => void) {
      listener = cb;
      for (const s of seen.splice(0)) cb(s);
    },
  };
}
