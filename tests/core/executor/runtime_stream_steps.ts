/**
 * The streaming part of the runtime contract (`kubectl exec` and `kubectl attach` through
 * Runtime.exec and Runtime.attach), run by runtime_contract.ts inside its one test.
 */
import assert from "node:assert/strict";
import type { ContainerRef, Runtime } from "../../../core/executor/runtime.ts";
import type { RuntimeContainer, RuntimePod } from "../../../core/executor/pod_shape.ts";
import { makePod } from "./runtime_contract.ts";

/** Runs `body` with a started pod, then removes it (the contract's withPod). */
type WithPod = (pod: RuntimePod, body: (refs: ContainerRef[]) => Promise<void>) => Promise<void>;

/** Registers the exec and attach steps on `t`. */
export async function streamContractSteps(
  t: Deno.TestContext,
  rt: Runtime,
  withPod: WithPod,
  sh: (script: string) => RuntimeContainer,
): Promise<void> {
  await t.step("exec: streams stdin, stdout and stderr and reports the exit code", async () => {
    await withPod(makePod("execpod", [sh("exec sleep 3600")]), async ([ref]) => {
      const p = await rt.exec(ref, ["sh", "-c", "cat; echo err >&2; exit 3"], {
        stdin: true,
        tty: false,
      });
      const w = p.stdin!.getWriter();
      await w.write(new TextEncoder().encode("hello\n"));
      await w.close();
      const [out, err, code] = await Promise.all([
        new Response(p.stdout).text(),
        new Response(p.stderr).text(),
        p.exited,
      ]);
      assert.equal(out, "hello\n");
      assert.equal(err, "err\n");
      assert.equal(code, 3);
      const ok = await rt.exec(ref, ["echo", "hi"], { stdin: false, tty: false });
      assert.equal(await new Response(ok.stdout).text(), "hi\n");
      assert.equal(await ok.exited, 0);
    });
  });

  await t.step("attach: the main process's output streams as it is produced", async () => {
    const ticker = sh("i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done");
    await withPod(makePod("attachpod", [ticker]), async ([ref]) => {
      const p = await rt.attach(ref, { stdin: false, tty: false });
      const reader = p.stdout.getReader();
      let seen = "";
      while (!/tick \d+\n.*tick \d+\n/s.test(seen)) {
        const r = await reader.read();
        if (r.done) break;
        seen += new TextDecoder().decode(r.value);
      }
      assert.match(seen, /tick \d+\n.*tick \d+\n/s, "two lines came through attach");
      p.kill();
      await reader.cancel().catch(() => {});
    });
  });
}

/** GETs /index.html over `rt.dialPort` (what port-forward does) and returns the raw answer. */
export async function dialGet(rt: Runtime, ref: ContainerRef, port: number): Promise<string> {
  const conn = await rt.dialPort(ref, port);
  try {
    await conn.write(new TextEncoder().encode("GET /index.html HTTP/1.0\r\n\r\n"));
    return await new Response(conn.readable).text();
  } catch (e) {
    conn.close();
    throw e;
  }
}
