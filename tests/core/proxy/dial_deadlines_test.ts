import assert from "node:assert/strict";
import { DialDeadlines } from "../../../core/proxy/dial_deadlines.ts";
import { waitFor } from "../../../core/util/wait.ts";

Deno.test("dials of one window share a signal, which aborts once their timeout has passed", async () => {
  const d = new DialDeadlines(20, 100);
  try {
    const a = d.signal(1_000);
    const b = d.signal(1_050);
    assert.equal(a, b, "dials begun within the window share one signal");
    assert.notEqual(d.signal(1_200), a, "a dial after the window gets a new signal");
    await waitFor(() => a.aborted, { what: "the window's dials to be aborted" });
  } finally {
    d.close();
  }
});

Deno.test("close aborts the dials in flight and every later dial at once", () => {
  const d = new DialDeadlines(60_000, 250);
  const inFlight = d.signal();
  d.close();
  assert.ok(inFlight.aborted, "a dial in flight is aborted");
  assert.ok(d.signal().aborted, "a dial after close is aborted");
});
