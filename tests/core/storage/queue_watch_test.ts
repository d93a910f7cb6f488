import assert from "node:assert/strict";
import { QueueWatch, type RawEvent } from "../../../core/storage/queue_watch.ts";
import { isStoreError, type StoredObject } from "../../../core/storage/store.ts";

function ev(revision: number): RawEvent {
  return { type: "ADDED", key: `/k/${revision}`, revision, value: `{"n":${revision}}` };
}

Deno.test("QueueWatch ends a watcher that falls too far behind with Expired, after its events", async () => {
  let stopped = 0;
  const w = new QueueWatch<StoredObject>("/k/", () => stopped++, 3);
  for (let r = 1; r <= 4; r++) w.push(ev(r));
  assert.equal(stopped, 1, "a failed watch unsubscribes at once");
  const seen: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const e of w) seen.push(e.revision);
    })(),
    (e) => isStoreError(e, "Expired") && e.message.includes("fell more than 3 events behind"),
  );
  assert.deepEqual(seen, [1, 2, 3, 4]);
});

Deno.test("QueueWatch gives each consumer its own decoded objects with resourceVersion set", async () => {
  const w = new QueueWatch<StoredObject>("/k/", () => {});
  w.push({ ...ev(7), type: "MODIFIED", prevValue: '{"n":6}', prevRevision: 6 });
  const it = w[Symbol.asyncIterator]();
  const r = await it.next();
  assert.equal(r.done, false);
  assert.deepEqual(r.value, {
    type: "MODIFIED",
    key: "/k/7",
    revision: 7,
    object: { n: 7, metadata: { resourceVersion: "7" } },
    prevObject: { n: 6, metadata: { resourceVersion: "6" } },
  });
  await it.return?.();
  assert.equal(w.done, true);
});
