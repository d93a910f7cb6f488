import assert from "node:assert/strict";
import { MemoryStore } from "../../../core/storage/memory_store.ts";
import { isStoreError } from "../../../core/storage/store.ts";
import { runStoreContract } from "./store_contract.ts";

Deno.test("MemoryStore meets the Store contract", async (t) => {
  await runStoreContract(t, () => Promise.resolve(new MemoryStore()));
});

Deno.test("MemoryStore compacts history beyond historyLimit on its own", async () => {
  const s = new MemoryStore({ historyLimit: 10 });
  try {
    for (let i = 0; i < 200; i++) await s.create(`/k/${i}`, { n: i });
    await assert.rejects(s.watch("/k/", 0), (e) => isStoreError(e, "Expired"));
    const w = await s.watch("/k/", 190);
    w.stop();
    assert.equal(await s.currentRevision(), 200);
  } finally {
    await s.close();
  }
});

Deno.test("MemoryStore refuses work after close", async () => {
  const s = new MemoryStore();
  await s.close();
  await assert.rejects(s.create("/k", {}), (e) => isStoreError(e, "Unavailable"));
});
