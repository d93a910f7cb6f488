import assert from "node:assert/strict";
import { SqliteStore } from "../../../core/storage/sqlite_store.ts";
import { isStoreError, type StoredObject } from "../../../core/storage/store.ts";
import { runStoreContract } from "./store_contract.ts";

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-sqlite-test-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("SqliteStore meets the Store contract", async (t) => {
  await withTempDir(async (dir) => {
    let n = 0;
    await runStoreContract(
      t,
      () => Promise.resolve(new SqliteStore({ path: `${dir}/s${n++}.sqlite` })),
    );
  });
});

Deno.test("SqliteStore keeps objects byte for byte and continues revisions after reopen", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/k8sm.sqlite`;
    const first = new SqliteStore({ path });
    const objects = [
      {
        kind: "Pod",
        metadata: { name: "a", labels: { "x/y": "ü ✓ \u2028" } },
        spec: { n: 1.5e-7 },
      },
      { metadata: { name: "b", resourceVersion: "999" }, list: [1, "two", null, { z: true }] },
      { kind: "NoMeta", text: 'quote " backslash \\ tab \t' },
    ];
    for (const [i, o] of objects.entries()) await first.create(`/r/${i}`, o);
    await first.update<{ spec: { n: number } }>("/r/0", (c) => ({ ...c, spec: { n: 2 } }));
    await first.delete("/r/2");
    const before = await first.list("/r/");
    const rev = await first.currentRevision();
    await first.close();

    const second = new SqliteStore({ path });
    try {
      const after = await second.list("/r/");
      assert.equal(JSON.stringify(after), JSON.stringify(before));
      assert.equal(await second.currentRevision(), rev);
      const c = await second.create<StoredObject>("/r/3", { metadata: { name: "c" } });
      assert.equal(c.metadata?.resourceVersion, String(rev + 1));
      const w = await second.watch("/r/", rev - 2);
      w.stop();
    } finally {
      await second.close();
    }
  });
});

Deno.test("SqliteStore refuses a second opener of the same file with an actionable error", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/k8sm.sqlite`;
    const first = new SqliteStore({ path });
    try {
      assert.throws(
        () => new SqliteStore({ path }),
        (e) =>
          isStoreError(e, "Unavailable") && e.message.includes(path) &&
          e.message.includes("another"),
      );
    } finally {
      await first.close();
    }
  });
});

Deno.test("SqliteStore compacts history beyond historyLimit on its own, and after reopen", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/k8sm.sqlite`;
    const s = new SqliteStore({ path, historyLimit: 10 });
    for (let i = 0; i < 200; i++) await s.create(`/k/${i}`, { n: i });
    await assert.rejects(s.watch("/k/", 0), (e) => isStoreError(e, "Expired"));
    await s.compact(150);
    await s.close();
    const again = new SqliteStore({ path, historyLimit: 10 });
    try {
      await assert.rejects(again.watch("/k/", 149), (e) => isStoreError(e, "Expired"));
      const w = await again.watch("/k/", 190);
      w.stop();
      assert.equal(await again.currentRevision(), 200);
    } finally {
      await again.close();
    }
  });
});

Deno.test("SqliteStore also compacts revisions older than historyMaxAgeMs", async () => {
  await withTempDir(async (dir) => {
    const s = new SqliteStore({
      path: `${dir}/k8sm.sqlite`,
      historyLimit: 1_000_000,
      historyMaxAgeMs: 1,
    });
    try {
      const first = await s.create<StoredObject>("/k/first", { n: 0 });
      const firstRev = Number(first.metadata?.resourceVersion);
      // Writing 1,000 more takes well over 1 ms, so the first is old when compaction runs.
      for (let i = 0; i < 1000; i++) await s.create(`/k/${i}`, { n: i });
      await assert.rejects(s.watch("/k/", firstRev - 1), (e) => isStoreError(e, "Expired"));
    } finally {
      await s.close();
    }
  });
});

Deno.test("SqliteStore keeps every acknowledged write when its process is killed", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/k8sm.sqlite`;
    const storeUrl = new URL("../../../core/storage/sqlite_store.ts", import.meta.url).href;
    const script = `
      import { SqliteStore } from ${JSON.stringify(storeUrl)};
      const s = new SqliteStore({ path: ${JSON.stringify(path)} });
      for (let i = 0; i < 100; i++) await s.create("/crash/" + i, { metadata: { name: "o" + i }, i });
      console.log("written " + (await s.currentRevision()));
      await new Promise(() => setInterval(() => {}, 1000));
    `;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", "--no-check", script],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let out = "";
    while (!out.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    child.kill("SIGKILL");
    await reader.cancel();
    await child.status;
    assert.match(out, /^written 100\n/);

    const s = new SqliteStore({ path });
    try {
      const list = await s.list<StoredObject & { i: number }>("/crash/");
      assert.equal(list.items.length, 100);
      assert.equal(list.revision, 100);
      assert.deepEqual(list.items.map((o) => o.i).sort((a, b) => a - b), [...Array(100).keys()]);
    } finally {
      await s.close();
    }
  });
});
