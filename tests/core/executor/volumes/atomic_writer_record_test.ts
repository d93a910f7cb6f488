/**
 * The atomic writer's record of what it wrote: an unchanged payload is judged by `..data` and
 * the record alone, a `..data` re-pointed behind its back is rewritten, a new writer (a
 * restarted executor) over an identical directory writes nothing, and modes hold exactly on a
 * first write (0400 and 0777 alike, whatever the umask) with nested paths.
 */
import assert from "node:assert/strict";
import { AtomicWriter, type Payload } from "../../../../core/executor/volumes/atomic_writer.ts";

const enc = (s: string) => new TextEncoder().encode(s);

function payload(token: string): Payload {
  return new Map([
    ["token", { data: enc(token), mode: 0o644 }],
    ["ca.crt", { data: enc("CA"), mode: 0o644 }],
    ["namespace", { data: enc("default"), mode: 0o644 }],
  ]);
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-atomic-" });
  try {
    await fn(`${dir}/pod/volumes/v`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("atomic writer record: unchanged payloads are judged by ..data and the record", async () => {
  await withDir(async (dir) => {
    const w = new AtomicWriter(dir);
    assert.equal(await w.write(payload("t1")), true, "first write creates the directories");
    const first = await Deno.readLink(`${dir}/..data`);
    assert.equal(await w.write(payload("t1")), false, "equal bytes in new arrays: nothing written");
    // A file changed inside the timestamped directory, ..data unchanged: the record is trusted
    // (no walk), while a writer without a record compares the files and rewrites.
    await Deno.chmod(`${dir}/${first}/token`, 0o600);
    await Deno.writeTextFile(`${dir}/${first}/token`, "tampered");
    assert.equal(await w.write(payload("t1")), false, "the record is trusted while ..data stays");
    assert.equal(await new AtomicWriter(dir).write(payload("t1")), true, "a new writer walks");
    assert.equal(await Deno.readTextFile(`${dir}/token`), "t1");
    assert.notEqual(await Deno.readLink(`${dir}/..data`), first);
  });
});

Deno.test("atomic writer record: ..data re-pointed behind its back is rewritten", async () => {
  await withDir(async (dir) => {
    const w = new AtomicWriter(dir);
    await w.write(payload("t1"));
    const mine = await Deno.readLink(`${dir}/..data`);
    const other = new AtomicWriter(dir);
    assert.equal(await other.write(payload("t2")), true);
    assert.equal(await Deno.readTextFile(`${dir}/token`), "t2");
    assert.equal(await w.write(payload("t1")), true, "..data no longer points at its directory");
    assert.equal(await Deno.readTextFile(`${dir}/token`), "t1");
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    const data = await Deno.readLink(`${dir}/..data`);
    assert.notEqual(data, mine);
    assert.deepEqual(names, [data, "..data", "ca.crt", "namespace", "token"].sort());
    await Deno.remove(dir, { recursive: true });
    assert.equal(await w.write(payload("t1")), true, "a removed directory is written again");
    assert.equal(await Deno.readTextFile(`${dir}/namespace`), "default");
  });
});

Deno.test("atomic writer record: a new writer over an identical directory writes nothing", async () => {
  await withDir(async (dir) => {
    await new AtomicWriter(dir).write(payload("t1"));
    const data = await Deno.readLink(`${dir}/..data`);
    const restarted = new AtomicWriter(dir);
    assert.equal(await restarted.write(payload("t1")), false);
    assert.equal(await restarted.write(payload("t1")), false);
    assert.equal(await Deno.readLink(`${dir}/..data`), data);
    assert.equal(await restarted.write(payload("t2")), true, "then a change is written");
    assert.equal(await Deno.readTextFile(`${dir}/token`), "t2");
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    const now = await Deno.readLink(`${dir}/..data`);
    assert.deepEqual(names, [now, "..data", "ca.crt", "namespace", "token"].sort());
  });
});

Deno.test("atomic writer record: exact modes and nested paths on a first write", async () => {
  await withDir(async (dir) => {
    const w = new AtomicWriter(dir);
    await w.write(
      new Map([
        ["open", { data: enc("o"), mode: 0o777 }],
        ["a/b/secret", { data: enc("s"), mode: 0o400 }],
        ["a/c", { data: enc("c"), mode: 0o640 }],
      ]),
    );
    const data = await Deno.readLink(`${dir}/..data`);
    assert.equal((await Deno.stat(`${dir}/${data}`)).mode! & 0o777, 0o755);
    assert.equal((await Deno.stat(`${dir}/open`)).mode! & 0o777, 0o777);
    assert.equal((await Deno.stat(`${dir}/a/b/secret`)).mode! & 0o777, 0o400);
    assert.equal((await Deno.stat(`${dir}/a/c`)).mode! & 0o777, 0o640);
    assert.equal(await Deno.readLink(`${dir}/a`), "..data/a");
    assert.equal(await Deno.readTextFile(`${dir}/a/b/secret`), "s");
    await w.write(new Map([["open", { data: enc("o2"), mode: 0o644 }]]));
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    const now = await Deno.readLink(`${dir}/..data`);
    assert.deepEqual(names, [now, "..data", "open"].sort(), "names dropped from the payload go");
  });
});
