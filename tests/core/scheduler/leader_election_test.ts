import assert from "node:assert/strict";
import { MemoryStore } from "../../../core/storage/memory_store.ts";
import { LeaderElector } from "../../../core/scheduler/leader_election.ts";
import { waitFor } from "../../../core/util/wait.ts";

const KEY = "/registry/k8sm/leases/test";

Deno.test("only one candidate holds the lease; it is taken over once expired", async () => {
  const store = new MemoryStore();
  try {
    const a = new LeaderElector({ store, key: KEY, identity: "a", leaseDurationMs: 1000 });
    const b = new LeaderElector({ store, key: KEY, identity: "b", leaseDurationMs: 1000 });
    assert.equal(await a.tryAcquire(0), true);
    assert.equal(await b.tryAcquire(500), false);
    assert.equal(await a.tryAcquire(900), true, "the holder renews");
    assert.equal(await b.tryAcquire(1500), false, "renewed at 900, valid until 1900");
    assert.equal(await b.tryAcquire(2000), true, "expired: b takes over");
    assert.equal(await a.tryAcquire(2100), false);
  } finally {
    await store.close();
  }
});

Deno.test("a campaigning standby leads after the leader stops; the old leader learns it lost", async () => {
  const store = new MemoryStore();
  const a = new LeaderElector({
    store,
    key: KEY,
    identity: "a",
    leaseDurationMs: 600,
    retryMs: 50,
  });
  const b = new LeaderElector({
    store,
    key: KEY,
    identity: "b",
    leaseDurationMs: 600,
    retryMs: 50,
  });
  try {
    assert.equal(await a.campaign(() => {}), true);
    assert.equal(a.leading, true);
    const bWon = b.campaign(() => {});
    await a.stop();
    assert.equal(await bWon, true);
    assert.equal(b.leading, true);
    await store.update(KEY, (cur) => ({ ...cur, holder: "c", renewTime: Date.now() }));
    await waitFor(() => !b.leading, { timeoutMs: 5000, what: "b to notice it lost the lease" });
    assert.equal(b.leading, false);
  } finally {
    await a.stop();
    await b.stop();
    await store.close();
  }
});

Deno.test("leaseDurationMs: undefined (k8sm scheduler --ha passes it so) means the 10 s default", async () => {
  const store = new MemoryStore();
  try {
    const opts = { store, key: KEY, leaseDurationMs: undefined };
    const a = new LeaderElector({ ...opts, identity: "a" });
    const b = new LeaderElector({ ...opts, identity: "b" });
    assert.equal(await a.tryAcquire(0), true);
    assert.equal(await b.tryAcquire(9_000), false, "valid for 10 s");
    assert.equal(await b.tryAcquire(10_001), true, "an unrenewed lease expires after 10 s");
  } finally {
    await store.close();
  }
});
