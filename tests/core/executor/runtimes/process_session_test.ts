import assert from "node:assert/strict";
import { spawnSession } from "../../../../core/executor/runtimes/process_session.ts";

function statFields(pid: number): string[] {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
}

Deno.test({
  name: "spawnSession: the child leads its own session and process group, its pid unchanged",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const { child, procStart } = await spawnSession({
      argv: ["/bin/sh", "-c", "read _; exit 7"],
      env: { PATH: "/usr/bin:/bin" },
      cwd: "/",
    });
    const f = statFields(child.pid);
    assert.equal(f[2], String(child.pid), "pgid = pid");
    assert.equal(f[3], String(child.pid), "sid = pid");
    assert.equal(procStart, f[19], "the /proc start time of that pid");
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode("\n"));
    await w.close();
    // The pid is the shell itself (not a setsid that forked it off): it got the line and exits 7.
    assert.equal((await child.status).code, 7);
  },
});
