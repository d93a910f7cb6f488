import assert from "node:assert/strict";
import { ApiError } from "../../../core/api/status.ts";
import { decodeWatch } from "../../../core/client/watch_stream.ts";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

const ev = (type: string, name: string, rv: string) =>
  JSON.stringify({ type, object: { kind: "Pod", metadata: { name, resourceVersion: rv } } });

Deno.test("watch stream: events split across chunks, blank heartbeats and junk lines", async () => {
  const body = [
    ev("ADDED", "a", "1"),
    "",
    "   ",
    ev("MODIFIED", "a", "2"),
    "not json",
    ev("DELETED", "a", "3"),
  ].join(
    "\n",
  ) + "\n\n";
  const chunks = body.match(/[\s\S]{1,7}/g) ?? [];
  const seen: string[] = [];
  for await (const e of decodeWatch(streamOf(chunks))) {
    seen.push(`${e.type} ${e.object.metadata.resourceVersion}`);
  }
  assert.deepEqual(seen, ["ADDED 1", "MODIFIED 2", "DELETED 3"]);
});

Deno.test("watch stream: an ERROR event is thrown as a 410 Expired ApiError", async () => {
  const status = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    reason: "Expired",
    code: 410,
    message: "too old resource version: 1 (5)",
  };
  const body = `${ev("ADDED", "a", "1")}\n${JSON.stringify({ type: "ERROR", object: status })}\n`;
  const seen: string[] = [];
  await assert.rejects(
    async () => {
      for await (const e of decodeWatch(streamOf([body]))) seen.push(e.type);
    },
    (e: unknown) =>
      e instanceof ApiError && e.code === 410 && e.message === "too old resource version: 1 (5)",
  );
  assert.deepEqual(seen, ["ADDED"]);
});
