import assert from "node:assert/strict";
import { RestClient } from "../../../core/client/rest_client.ts";
import { EventRecorder } from "../../../core/scheduler/event_recorder.ts";

Deno.test("EventRecorder.flush gives up after its timeout when the apiserver does not answer", async () => {
  // An HTTP server that accepts connections and never answers.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const c of listener) held.push(c);
  })();
  const client = new RestClient({ server: `http://127.0.0.1:${listener.addr.port}` });
  const recorder = new EventRecorder(client);
  try {
    recorder.record(
      { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" } },
      "Normal",
      "Scheduled",
      "assigned",
    );
    let flushed = false;
    const flushing = recorder.flush(200).then(() => flushed = true);
    // Bounded by the test runner's own limits: flush must resolve although no answer comes.
    await flushing;
    assert.equal(flushed, true);
  } finally {
    client.close();
    listener.close();
    for (const c of held) c.close();
    await accepting.catch(() => {});
  }
});
