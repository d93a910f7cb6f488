/**
 * One k8sm component (`deno run -A cli/main.ts <args>`) as a child process for multi-process
 * tests: its stdout and stderr collected into one log, its exit code once it ended, and a stop
 * by signal that waits for it. Also finds the processes a test left behind under a directory.
 */
import { waitFor } from "../../core/util/wait.ts";

const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;

/** A running (or ended) k8sm component. */
export interface ComponentProcess {
  /** The name used in errors, e.g. "apiserver". */
  readonly name: string;
  readonly pid: number;
  /** Everything it wrote to stdout and stderr so far, interleaved as it arrived. */
  log(): string;
  /** Its exit code once it ended, else undefined. */
  exitCode(): number | undefined;
  /** Waits until its log matches `re` (fails early, with the log, if it exits); returns the match. */
  waitForLog(re: RegExp, what: string, timeoutMs?: number): Promise<RegExpExecArray>;
  /**
   * Sends `signal` unless it ended already and waits for its exit code; after `graceMs`
   * (default 30 s) it is SIGKILLed and the stop fails, naming the component and its log's end.
   */
  stop(signal?: Deno.Signal, graceMs?: number): Promise<number>;
}

/** Starts `k8sm <args>` with `env` added to this process's environment. */
export function spawnComponent(
  name: string,
  args: string[],
  env: Record<string, string> = {},
): ComponentProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  let code: number | undefined;
  const pump = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s.pipeThrough(new TextDecoderStream())) text += chunk;
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const status = child.status.then((s) => code = s.code);
  return {
    name,
    pid: child.pid,
    log: () => text,
    exitCode: () => code,
    waitForLog(re, what, timeoutMs = 60_000) {
      return waitFor(() => {
        const m = re.exec(text);
        if (m) return m;
        if (code !== undefined) {
          throw new Error(`${name} exited with ${code} before ${what}:\n${text.slice(-3000)}`);
        }
        return undefined;
      }, { timeoutMs, intervalMs: 100, what: `${name}: ${what}` }).catch((e) => {
        throw new Error(`${(e as Error).message}\n--- ${name} log ---\n${text.slice(-3000)}`);
      });
    },
    async stop(signal = "SIGTERM", graceMs = 30_000) {
      const kill = (s: Deno.Signal) => {
        try {
          if (code === undefined) child.kill(s);
        } catch {
          // ended between the check and the kill
        }
      };
      kill(signal);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hung = await Promise.race([
        status.then(() => false),
        new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(true), graceMs)),
      ]);
      clearTimeout(timer);
      if (hung) kill("SIGKILL");
      await status;
      await pumps;
      if (hung) {
        throw new Error(
          `${name} did not exit within ${graceMs} ms of ${signal} (SIGKILLed); its log ends:\n` +
            text.slice(-3000),
        );
      }
      return code!;
    },
  };
}

/** Counts the occurrences of `needle` in `text`. */
export function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/**
 * Processes (other than this one) whose command line, working directory or environment mentions
 * `dir`: executors started with a root dir under it, pods running in sandboxes under it. Each
 * entry is "pid cmdline".
 */
export function processesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name) || Number(e.name) === Deno.pid) continue;
    const read = (f: string) => {
      try {
        return Deno.readTextFileSync(`/proc/${e.name}/${f}`);
      } catch {
        return "";
      }
    };
    let cwd = "";
    try {
      cwd = Deno.readLinkSync(`/proc/${e.name}/cwd`);
    } catch {
      // gone, or not ours to read
    }
    const cmdline = read("cmdline").replaceAll("\0", " ");
    if (cmdline.includes(dir) || cwd.startsWith(dir) || read("environ").includes(dir)) {
      found.push(`${e.name} ${cmdline}`);
    }
  }
  return found;
}
