import assert from "node:assert/strict";
import { SyncPacer } from "../../../core/executor/sync_pacer.ts";

Deno.test("SyncPacer: a stable pod's wait doubles up to its bound, a change brings it back", () => {
  const p = new SyncPacer({ busyMs: 500, watchedMaxMs: 4000, unwatchedMaxMs: 1000 });
  assert.deepEqual(
    [1, 2, 3, 4].map(() => p.next(Number.POSITIVE_INFINITY, false, true)),
    [1000, 2000, 4000, 4000],
  );
  assert.equal(p.next(Number.POSITIVE_INFINITY, true, true), 500);
  assert.equal(p.next(Number.POSITIVE_INFINITY, false, false), 1000);
  assert.equal(p.next(Number.POSITIVE_INFINITY, false, false), 1000, "unwatched stays at 1 s");
  assert.equal(p.next(300, false, true), 300, "a back-off or deadline shorter than the wait wins");
});

Deno.test("SyncPacer: a wake during a pass ends the sleep after it at once", async () => {
  const p = new SyncPacer({ busyMs: 500 });
  p.begin();
  p.wake();
  // An hour-long sleep that resolves means the wake was remembered.
  await p.sleep(3_600_000);
  p.begin();
  const slept = p.sleep(3_600_000);
  p.wake();
  await slept;
});

Deno.test("SyncPacer: a watched exit wakes the sleeping worker, once per container", async () => {
  const p = new SyncPacer({ busyMs: 500 });
  const exit = Promise.withResolvers<void>();
  assert.equal(p.watch("c.0", exit.promise), true);
  assert.equal(p.watch("c.0", exit.promise), true, "watched already");
  assert.equal(p.watch("d.0", undefined), false, "nothing to watch");
  p.begin();
  const slept = p.sleep(3_600_000);
  exit.resolve();
  await slept;
});
