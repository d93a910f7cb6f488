import assert from "node:assert/strict";
import { MemoryStore } from "../../../core/storage/memory_store.ts";
import { FRAMEWORK_ID_KEY, FrameworkIdStore } from "../../../core/scheduler/framework_id_store.ts";

Deno.test("the framework id is saved at its key, replaced, and cleared", async () => {
  const store = new MemoryStore();
  try {
    const ids = new FrameworkIdStore(store);
    assert.equal(await ids.load(), undefined);
    await ids.save("fw-1");
    assert.equal(await ids.load(), "fw-1");
    assert.ok(await store.get(FRAMEWORK_ID_KEY));
    await ids.save("fw-1");
    await ids.save("fw-2");
    assert.equal(await new FrameworkIdStore(store).load(), "fw-2");
    await ids.clear();
    await ids.clear();
    assert.equal(await ids.load(), undefined);
  } finally {
    await store.close();
  }
});
