/**
 * The kubelet-style atomic writer: files behind `..data` → `..<timestamp>`, visible names as
 * symlinks through `..data`, modes as given; an update swaps `..data` and removes the old
 * directory and names no longer in the payload; an unchanged payload writes nothing.
 */
import assert from "node:assert/strict";
import { type Payload, writePayload } from "../../../../core/executor/volumes/atomic_writer.ts";

const enc = (s: string) => new TextEncoder().encode(s);

Deno.test("atomic writer: ..data swap, symlinked names, modes, removal of stale names", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-atomic-" });
  try {
    const first: Payload = new Map([
      ["color", { data: enc("blue"), mode: 0o644 }],
      ["nested/key", { data: enc("k"), mode: 0o400 }],
    ]);
    assert.equal(await writePayload(dir, first), true);
    const data1 = await Deno.readLink(`${dir}/..data`);
    assert.match(data1, /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+$/);
    assert.equal(await Deno.readLink(`${dir}/color`), "..data/color");
    assert.equal(await Deno.readLink(`${dir}/nested`), "..data/nested");
    assert.equal(await Deno.readTextFile(`${dir}/color`), "blue");
    assert.equal((await Deno.stat(`${dir}/nested/key`)).mode! & 0o777, 0o400);
    assert.equal(await writePayload(dir, first), false, "an unchanged payload writes nothing");

    const second: Payload = new Map([["color", { data: enc("green"), mode: 0o644 }]]);
    assert.equal(await writePayload(dir, second), true);
    const data2 = await Deno.readLink(`${dir}/..data`);
    assert.notEqual(data2, data1);
    assert.equal(await Deno.readTextFile(`${dir}/color`), "green");
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, [data2, "..data", "color"].sort(), "old dir and stale names removed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
