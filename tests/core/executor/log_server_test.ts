import assert from "node:assert/strict";
import { startLogServer } from "../../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../../core/executor/runtimes/process_runtime.ts";
import { waitFor } from "../../../core/util/wait.ts";

Deno.test("log server: /healthz, /containerLogs with tailLines and follow, 404 for others", async () => {
  const root = await Deno.makeTempDir({ prefix: "k8sm-logsrv-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const server = await startLogServer({ runtime, port: 0 });
  const pod = {
    metadata: { name: "talker", namespace: "default", uid: crypto.randomUUID() },
    spec: { containers: [] },
  };
  const base = `http://127.0.0.1:${server.port}`;
  try {
    assert.equal(await (await fetch(`${base}/healthz`)).text(), "ok");
    await runtime.ensureSandbox(pod, {});
    await runtime.startContainer(pod, {
      name: "main",
      command: [
        "sh",
        "-c",
        "for i in 1 2 3; do echo line$i; done; while true; do echo tick; sleep 0.2; done",
      ],
    }, {});
    const tail = await waitFor(async () => {
      const t = await (await fetch(`${base}/containerLogs/default/talker/main?tailLines=1`)).text();
      return t.includes("tick") ? t : undefined;
    }, { what: "a tick line" });
    assert.equal(tail.trim().split("\n").length, 1);
    const all = await (await fetch(`${base}/containerLogs/default/talker/main?timestamps=true`))
      .text();
    assert.match(all.split("\n")[0], /^\d{4}-\d\d-\d\dT\S+ line1$/);
    const res = await fetch(`${base}/containerLogs/default/talker/main?follow=true&tailLines=0`);
    const reader = res.body!.getReader();
    let got = "";
    while ((got.match(/tick/g) ?? []).length < 2) {
      const r = await reader.read();
      assert.ok(!r.done, "a following stream stays open");
      got += new TextDecoder().decode(r.value);
    }
    await reader.cancel();
    const missing = await fetch(`${base}/containerLogs/default/talker/nope`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /container "nope" in pod "talker"/);
    const other = await fetch(`${base}/metrics-nope`);
    assert.equal(other.status, 404);
    await other.body?.cancel();
  } finally {
    await server.close();
    await runtime.removeSandbox(pod.metadata.uid, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
});
