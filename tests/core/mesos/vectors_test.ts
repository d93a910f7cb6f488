/** Acceptance 1 of issue 4: every wire vector decodes to its JSON and re-encodes byte-exactly. */
import assert from "node:assert/strict";
import {
  CONTENT_TYPE_JSON,
  decodeMesos,
  decodeMesosBody,
  encodeMesos,
  encodeMesosBody,
} from "../../../core/mesos/mod.ts";

interface Vector {
  name: string;
  type: string;
  json: unknown;
  protobuf_base64: string;
}

const url = new URL("../../_fixtures/mesos-v1/vectors.json", import.meta.url);
const { vectors } = JSON.parse(await Deno.readTextFile(url)) as { vectors: Vector[] };

function fromBase64(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

Deno.test("vectors.json holds vectors for scheduler and executor calls and events", () => {
  const types = new Set(vectors.map((v) => v.type));
  assert.deepEqual([...types].sort(), [
    "mesos.v1.executor.Call",
    "mesos.v1.executor.Event",
    "mesos.v1.scheduler.Call",
    "mesos.v1.scheduler.Event",
  ]);
});

for (const v of vectors) {
  Deno.test(`vector ${v.name}: decodes to its json and re-encodes to its exact bytes`, () => {
    const bytes = fromBase64(v.protobuf_base64);
    assert.deepEqual(decodeMesos(v.type, bytes), v.json);
    assert.deepEqual(encodeMesos(v.type, v.json), bytes);
    assert.deepEqual(encodeMesos(v.type, decodeMesos(v.type, bytes)), bytes);
  });
}

Deno.test("every vector survives the application/json body path unchanged", () => {
  for (const v of vectors) {
    const body = encodeMesosBody(v.type, v.json, CONTENT_TYPE_JSON);
    assert.deepEqual(decodeMesosBody(v.type, body, CONTENT_TYPE_JSON), v.json, v.name);
  }
});
