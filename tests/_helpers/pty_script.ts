/**
 * Runs a shell command line on a pseudo-terminal of 91 columns and 37 rows (util-linux
 * `script`), for tests of `exec -it`: the client sees a real terminal and sends its size.
 */

/** The remote command `exec -it` tests run: waits (10 s at most) for 37x91, prints it, exits 4. */
export const REMOTE_STTY_SIZE = `i=0; while [ "$(stty size)" != "37 91" ] && [ $i -lt 200 ]; do ` +
  `sleep 0.05; i=$((i+1)); done; stty size; exit 4`;

/** Runs `line` under a 91x37 pty with `env` added; its exit code and the terminal's output. */
export async function runOnPty(
  line: string,
  env: Record<string, string> = {},
): Promise<{ code: number; text: string }> {
  const out = await new Deno.Command("script", {
    args: ["-qfec", `stty cols 91 rows 37; ${line}`, "/dev/null"],
    env: { HOME: Deno.env.get("HOME") ?? "/tmp", PATH: Deno.env.get("PATH") ?? "", ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, text: new TextDecoder().decode(out.stdout) };
}
