import assert from "node:assert/strict";
import { spawnSession } from "../../../../core/executor/runtimes/process_session.ts";
import { waitFor } from "../../../../core/util/wait.ts";

function statFields(pid: number): string[] {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
}

async function goAndExit(child: Deno.ChildProcess): Promise<number> {
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode("\n"));
  await w.close();
  return (await child.status).code;
}

Deno.test({
  name: "spawnSession: each child leads its own session and process group, its pid unchanged",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const spawn = () =>
      spawnSession({ argv: ["/bin/sh", "-c", "read _; exit 7"], env: {}, cwd: "/" });
    // The first spawn is the checked one: it returns once the group exists.
    const first = await spawn();
    const f = statFields(first.child.pid);
    assert.equal(f[2], String(first.child.pid), "pgid = pid");
    assert.equal(f[3], String(first.child.pid), "sid = pid");
    assert.equal(first.procStart, f[19], "the /proc start time of that pid");
    // A later one returns at once; its group follows.
    const second = await spawn();
    assert.equal(second.procStart, statFields(second.child.pid)[19]);
    await waitFor(() => statFields(second.child.pid)[2] === String(second.child.pid), {
      what: `pid ${second.child.pid} leading its process group`,
    });
    assert.equal(statFields(second.child.pid)[3], String(second.child.pid), "sid = pid");
    // Each pid is the shell itself (not a setsid that forked it off): it gets its line, exits 7.
    assert.equal(await goAndExit(first.child), 7);
    assert.equal(await goAndExit(second.child), 7);
  },
});
