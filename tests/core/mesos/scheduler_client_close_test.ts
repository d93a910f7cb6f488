/**
 * SchedulerClient.close() ends an open SUBSCRIBE stream even after a garbage collection: the
 * signal aborting the stream's fetch must not be one Deno may collect (AbortSignal.any,
 * denoland/deno#29075; see core/util/follow_abort.ts). The client runs in a child process with
 * `gc` exposed; the master there never ends the stream, so only close() can end it.
 */
import assert from "node:assert/strict";

Deno.test("close() ends the subscription after a garbage collection", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--v8-flags=--expose-gc",
      new URL("./scheduler_client_gc_child.ts", import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // A deadline, not a measurement: a close() that hangs would otherwise hang the test.
  const deadline = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const out = await child.output();
  clearTimeout(deadline);
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(
    stdout.trim(),
    "closed",
    `child: code ${out.code}\n${new TextDecoder().decode(out.stderr)}`,
  );
  assert.equal(out.code, 0);
});
