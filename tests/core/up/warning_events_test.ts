import assert from "node:assert/strict";
import {
  type WarningLine,
  warningLine,
  watchWarningEvents,
} from "../../../core/up/warning_events.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer } from "../../_helpers/apiserver.ts";

function event(name: string, type: string, reason: string, message: string, pod = "web-1") {
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: "default" },
    involvedObject: { kind: "Pod", apiVersion: "v1", namespace: "default", name: pod },
    type,
    reason,
    message,
    count: 1,
    firstTimestamp: now,
    lastTimestamp: now,
    source: { component: "kubelet" },
  };
}

Deno.test("warningLine: Warnings since the watch began, without bare 'Error: <reason>' echoes", () => {
  const since = Date.parse("2026-01-01T00:00:10Z");
  const e = event("a", "Warning", "Failed", 'Failed to pull image "x": no such host');
  assert.equal(warningLine({ ...e, lastTimestamp: "2026-01-01T00:00:05Z" }, since), undefined);
  assert.deepEqual(warningLine({ ...e, lastTimestamp: "2026-01-01T00:00:10Z" }, since), {
    object: "pod default/web-1",
    reason: "Failed",
    message: 'Failed to pull image "x": no such host',
  });
  const normal = event("b", "Normal", "Started", "Started container web");
  assert.equal(warningLine(normal, 0), undefined);
  assert.equal(warningLine(event("c", "Warning", "Failed", "Error: ErrImagePull"), 0), undefined);
});

Deno.test("watchWarningEvents: reports each distinct new Warning once", async () => {
  const api = await startTestApiServer();
  const seen: WarningLine[] = [];
  const watch = watchWarningEvents({ server: api.url }, (w) => seen.push(w));
  try {
    const post = async (e: ReturnType<typeof event>) => {
      const res = await api.json("/api/v1/namespaces/default/events", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(e),
      });
      assert.equal(res.status, 201);
    };
    const pull = 'Failed to pull image "example.invalid/web:1": no such host';
    await post(event("e1", "Warning", "Failed", pull, "web-1"));
    await post(event("e2", "Warning", "Failed", pull, "web-2"));
    await post(event("e3", "Normal", "Scheduled", "Successfully assigned"));
    await post(event("e4", "Warning", "BackOff", "Back-off restarting failed container web"));
    await waitFor(() => seen.length >= 2, { timeoutMs: 10_000, what: "two warnings reported" });
    await post(event("e5", "Warning", "Failed", pull, "web-3"));
    await post(event("e6", "Warning", "FailedScheduling", "0/1 agents are available"));
    await waitFor(() => seen.length >= 3, { timeoutMs: 10_000, what: "a third warning" });
    assert.deepEqual(seen.map((w) => `${w.object} ${w.reason}`), [
      "pod default/web-1 Failed",
      "pod default/web-1 BackOff",
      "pod default/web-1 FailedScheduling",
    ]);
  } finally {
    await watch.stop();
    await api.stop();
  }
});
