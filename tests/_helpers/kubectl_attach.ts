/**
 * Drives real `kubectl attach -i` for e2e tests: types a line until the container echoes it
 * back through the attach output, then ends the client (stdin closed, SIGTERM).
 */
import { waitFor } from "../../core/util/wait.ts";

/** Runs `kubectl attach -i POD -c CONTAINER`, types `line`, waits for its echo, then leaves. */
export async function attachAndType(
  kubeconfig: string,
  pod: string,
  container: string,
  line: string,
): Promise<string> {
  const child = new Deno.Command("kubectl", {
    args: ["--kubeconfig", kubeconfig, "attach", "-i", pod, "-c", container],
    env: { HOME: Deno.env.get("HOME") ?? "/tmp", NO_COLOR: "1" },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let out = "";
  const reading = (async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) out += chunk;
  })();
  const stdin = child.stdin.getWriter();
  try {
    // Typed again until echoed: the attach session may not be up when the first line is sent.
    await waitFor(async () => {
      if (out.includes(line)) return true;
      await stdin.write(new TextEncoder().encode(`${line}\n`));
      return false;
    }, { timeoutMs: 30_000, intervalMs: 500, what: `"${line}" echoed through kubectl attach` });
  } finally {
    await stdin.close().catch(() => {});
    child.kill("SIGTERM");
    await child.status;
    await reading.catch(() => {});
  }
  return out;
}
