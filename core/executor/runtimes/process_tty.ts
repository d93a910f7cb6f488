/**
 * A terminal for `kubectl exec -t` in the process runtime: the command runs under util-linux
 * `script`, which gives it a pseudo-terminal (stdout and stderr merged, as on a real TTY) and
 * exits with its code. Resizes are applied to that pty with `stty -F`, so the kernel sends the
 * command SIGWINCH and `stty size` inside sees the client's terminal size.
 */
import { delay } from "../../util/backoff.ts";

/** Quotes `arg` for /bin/sh. */
function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The `script` invocation running `cmd` on a fresh pty. */
export function ttyCommand(cmd: string[]): { command: string; args: string[] } {
  return { command: "script", args: ["-qfec", cmd.map(shellQuote).join(" "), "/dev/null"] };
}

/** The pty device of the process `script` (pid) started, once it exists. */
async function ptyOf(scriptPid: number): Promise<string | undefined> {
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    try {
      const children = (await Deno.readTextFile(`/proc/${scriptPid}/task/${scriptPid}/children`))
        .trim().split(/\s+/).filter(Boolean);
      for (const child of children) {
        const fd0 = await Deno.readLink(`/proc/${child}/fd/0`);
        if (fd0.startsWith("/dev/pts/")) return fd0;
      }
    } catch {
      // the process is gone or not forked yet
    }
    await delay(20);
  }
  return undefined;
}

/** Sets the terminal size of the pty under `scriptPid` (no-op when it cannot be found). */
export async function resizeTty(
  scriptPid: number,
  size: { width: number; height: number },
): Promise<void> {
  const pty = await ptyOf(scriptPid);
  if (!pty) return;
  await new Deno.Command("stty", {
    args: ["-F", pty, "cols", String(size.width), "rows", String(size.height)],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output().catch(() => undefined);
}
