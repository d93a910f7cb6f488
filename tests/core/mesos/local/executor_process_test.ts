/**
 * Destroying an executor kills everything it started, as a Mesos containerizer destroys a
 * container: also children that left its process group for a session of their own (a k8sm
 * executor's process-runtime pods do), which used to outlive MARK_AGENT_GONE.
 */
import assert from "node:assert/strict";
import { ExecutorProcess, processAlive } from "../../../../core/mesos/local/executor_process.ts";
import { waitFor } from "../../../../core/util/wait.ts";

Deno.test("SIGKILL of an executor process also kills its descendants in other sessions", async () => {
  const sandbox = await Deno.makeTempDir();
  try {
    const marker = `${sandbox}/child.pid`;
    const proc = await ExecutorProcess.spawn(
      {
        value: `setsid sh -c 'echo $$ > ${marker}; exec sleep 600' & wait`,
        shell: true,
      },
      sandbox,
      {},
    );
    const childPid = await waitFor(async () => {
      const text = await Deno.readTextFile(marker).catch(() => "");
      return text.trim() === "" ? undefined : Number(text.trim());
    }, { timeoutMs: 10_000, what: "the setsid child to write its pid" });
    assert.ok(processAlive(childPid), "the child runs in its own session");
    proc.kill("SIGKILL");
    await proc.exited;
    await waitFor(() => !processAlive(childPid), {
      timeoutMs: 10_000,
      what: `the child ${childPid} in another session to be killed with the executor`,
    });
  } finally {
    await Deno.remove(sandbox, { recursive: true });
  }
});
