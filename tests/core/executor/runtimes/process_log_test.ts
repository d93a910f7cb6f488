import assert from "node:assert/strict";
import {
  collectOutput,
  readLog,
  tailOffset,
} from "../../../../core/executor/runtimes/process_log.ts";

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-process-log-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("collectOutput copies complete lines with a timestamp; partial lines wait", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/output`, "one\ntwo\npart");
    const offset = await collectOutput(dir, 0, false);
    assert.equal(offset, 8);
    const log = await Deno.readTextFile(`${dir}/log`);
    assert.match(log, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one\n\S+Z two\n$/);
    await Deno.writeTextFile(`${dir}/output`, "ial\n", { append: true });
    assert.equal(await collectOutput(dir, offset, false), 16);
    await Deno.writeTextFile(`${dir}/output`, "no newline", { append: true });
    assert.equal(await collectOutput(dir, 16, true), 26, "final flushes the partial line");
    const lines = (await Deno.readTextFile(`${dir}/log`)).trimEnd().split("\n");
    assert.deepEqual(lines.map((l) => l.slice(l.indexOf(" ") + 1)), [
      "one",
      "two",
      "partial",
      "no newline",
    ]);
    assert.equal(await collectOutput(`${dir}/absent`, 0, true), 0);
  });
});

Deno.test("tailOffset finds the last N lines, also across 64 KiB blocks", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/log`;
    const lines = Array.from({ length: 20_000 }, (_, i) => `2026-01-01T00:00:00.000Z line ${i}`);
    const text = lines.join("\n") + "\n";
    await Deno.writeTextFile(path, text);
    const bytes = new TextEncoder().encode(text);
    for (const n of [1, 2, 3000, 19_999]) {
      const at = await tailOffset(path, n);
      const rest = new TextDecoder().decode(bytes.subarray(at));
      assert.equal(rest, lines.slice(-n).join("\n") + "\n", `last ${n} lines`);
    }
    assert.equal(await tailOffset(path, 50_000), 0);
    assert.equal(await tailOffset(path, 0), bytes.length);
    assert.equal(await tailOffset(`${dir}/absent`, 5), 0);
  });
});

Deno.test("readLog: tail, since and timestamps over a written log", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/log`,
      "2026-01-01T00:00:01.000Z a\n2026-01-01T00:00:02.000Z b\n2026-01-01T00:00:03.000Z c\n",
    );
    const done = () => Promise.resolve(true);
    const read = (o: Parameters<typeof readLog>[1]) => new Response(readLog(dir, o, done)).text();
    assert.equal(await read({}), "a\nb\nc\n");
    assert.equal(await read({ tailLines: 2 }), "b\nc\n");
    assert.equal(await read({ tailLines: 0 }), "");
    assert.equal(await read({ since: new Date("2026-01-01T00:00:02Z") }), "b\nc\n");
    assert.equal(await read({ tailLines: 1, timestamps: true }), "2026-01-01T00:00:03.000Z c\n");
    assert.equal(await read({ follow: true }), "a\nb\nc\n", "follow ends once finished");
  });
});
