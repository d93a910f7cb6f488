/**
 * An informer whose watch goes silent (no event, no heartbeat) re-establishes it from its last
 * resourceVersion instead of stalling: a half-dead connection must not freeze a controller.
 */
import assert from "node:assert/strict";
import { Informer } from "../../../core/client/informer.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import { waitFor } from "../../../core/util/wait.ts";

Deno.test("a silent watch is dropped and re-established from the last resourceVersion", async () => {
  const watches: string[] = [];
  const open = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    (req) => {
      const url = new URL(req.url);
      const json = { "content-type": "application/json" };
      if (url.searchParams.get("watch") !== "true") {
        const list = {
          kind: "PodList",
          apiVersion: "v1",
          metadata: { resourceVersion: "5" },
          items: [],
        };
        return new Response(JSON.stringify(list), { headers: json });
      }
      watches.push(url.searchParams.get("resourceVersion") ?? "");
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          open.add(c);
          if (watches.length === 1) {
            const pod = { metadata: { name: "a", namespace: "default", resourceVersion: "7" } };
            c.enqueue(
              new TextEncoder().encode(JSON.stringify({ type: "ADDED", object: pod }) + "\n"),
            );
          }
          // then silence: no event and no heartbeat, as from a dead peer
        },
        cancel() {},
      });
      return new Response(body, { headers: json });
    },
  );
  const client = new RestClient({ server: `http://127.0.0.1:${server.addr.port}` });
  const inf = new Informer(client, { ref: { resource: "pods" }, watchIdleMs: 300 });
  try {
    inf.start();
    await inf.waitForSync();
    await waitFor(() => watches.length >= 2, { what: "a second watch after the silence" });
    assert.equal(watches[0], "5", "the first watch starts at the list's resourceVersion");
    assert.equal(watches[1], "7", "the next one resumes after the last event seen");
    assert.equal(inf.get("default/a")?.metadata.name, "a");
  } finally {
    await inf.stop();
    client.close();
    for (const c of open) {
      try {
        c.close();
      } catch { /* already closed */ }
    }
    ac.abort();
    await server.finished;
  }
});
