/** Runs `k8sm <args>` as a child process for command tests, collecting its stderr. */

/** Absolute path of the CLI entry point. */
export const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;

/** A running `k8sm` child: its stderr so far, and signal-then-wait returning the exit code. */
export interface K8smChild {
  stderr(): string;
  /** Sends SIGINT and waits for the exit code. */
  interrupt(): Promise<number>;
  /** Sends `signal` (e.g. SIGTERM) and waits for the exit code. */
  stop(signal: Deno.Signal): Promise<number>;
}

/** Spawns `deno run -A cli/main.ts <args>` with stdout discarded and stderr collected. */
export function spawnK8sm(args: string[]): K8smChild {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let err = "";
  const pump = (async () => {
    for await (const t of child.stderr.pipeThrough(new TextDecoderStream())) err += t;
  })();
  const stop = async (signal: Deno.Signal) => {
    child.kill(signal);
    const s = await child.status;
    await pump;
    return s.code;
  };
  return { stderr: () => err, interrupt: () => stop("SIGINT"), stop };
}
