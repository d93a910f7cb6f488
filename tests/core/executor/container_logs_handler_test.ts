import assert from "node:assert/strict";
import {
  containerLogsHandler,
  parseLogQuery,
} from "../../../core/executor/container_logs_handler.ts";
import { ProcessRuntime } from "../../../core/executor/runtimes/process_runtime.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { makePod } from "./runtime_contract.ts";

Deno.test("parseLogQuery reads kubelet's log options and rejects bad values", () => {
  const o = parseLogQuery(new URLSearchParams("follow=true&tailLines=5&timestamps=1&limitBytes=9"));
  assert.deepEqual(o, { follow: true, timestamps: true, tailLines: 5, limitBytes: 9 });
  const since = parseLogQuery(new URLSearchParams("sinceTime=2026-01-02T03:04:05Z"));
  assert.equal(typeof since === "object" && since.since?.toISOString(), "2026-01-02T03:04:05.000Z");
  assert.match(String(parseLogQuery(new URLSearchParams("tailLines=-1"))), /tailLines=-1/);
  assert.match(String(parseLogQuery(new URLSearchParams("sinceTime=yesterday"))), /RFC 3339/);
});

Deno.test("containerLogsHandler serves a container's log over HTTP (tail, follow, previous)", async () => {
  const root = await Deno.makeTempDir({ prefix: "k8sm-logs-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const handle = containerLogsHandler(runtime);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => await handle(req) ?? new Response("other", { status: 418 }),
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  const container = { name: "app", command: ["sh", "-c", "echo first run; exit 1"] };
  const pod = makePod("logged", [container]);
  try {
    await runtime.ensureSandbox(pod, {});
    const first = await runtime.startContainer(pod, container, { attempt: 0 });
    await waitFor(async () => (await runtime.inspectContainer(first)).state === "exited");
    const again = {
      ...container,
      command: ["sh", "-c", "for i in 1 2 3; do echo tick $i; sleep 0.1; done"],
    };
    await runtime.startContainer(pod, again, { attempt: 1 });

    const followed = await fetch(`${base}/containerLogs/default/logged/app?follow=true`);
    assert.equal(followed.status, 200);
    assert.equal(await followed.text(), "tick 1\ntick 2\ntick 3\n");
    const tail = await fetch(
      `${base}/containerLogs/default/logged/app?tailLines=1&timestamps=true`,
    );
    assert.match(await tail.text(), /^\S+Z tick 3\n$/);
    const prev = await fetch(`${base}/containerLogs/default/logged/app?previous=true`);
    assert.equal(await prev.text(), "first run\n");
    const limited = await fetch(`${base}/containerLogs/default/logged/app?limitBytes=4`);
    assert.equal(await limited.text(), "tick");
    const missing = await fetch(`${base}/containerLogs/default/logged/nope`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /container "nope" in pod "logged"/);
    const bad = await fetch(`${base}/containerLogs/default/logged/app?tailLines=x`);
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
    const live = { name: "live", command: ["sh", "-c", "echo hi; exec sleep 3600"] };
    await runtime.startContainer(pod, live, {});
    const stream = await fetch(`${base}/containerLogs/default/logged/live?follow=true`);
    const reader = stream.body!.getReader();
    const chunk = await reader.read();
    assert.equal(new TextDecoder().decode(chunk.value), "hi\n");
    await reader.cancel(); // the client goes away; the server's follow loop must stop
    const other = await fetch(`${base}/healthz`);
    assert.equal(other.status, 418);
    await other.body?.cancel();
  } finally {
    await runtime.removeSandbox(pod.metadata.uid!, 0);
    await runtime.close();
    await server.shutdown();
    await Deno.remove(root, { recursive: true });
  }
});
