import assert from "node:assert/strict";
import { splitImageRef } from "../../../../core/executor/docker/docker_images.ts";

Deno.test("splitImageRef separates repository and tag or digest", () => {
  assert.deepEqual(splitImageRef("busybox"), { repo: "busybox", tag: "latest" });
  assert.deepEqual(splitImageRef("busybox:1.36"), { repo: "busybox", tag: "1.36" });
  assert.deepEqual(splitImageRef("localhost:5000/a/b"), {
    repo: "localhost:5000/a/b",
    tag: "latest",
  });
  assert.deepEqual(splitImageRef("localhost:5000/a/b:v2"), {
    repo: "localhost:5000/a/b",
    tag: "v2",
  });
  assert.deepEqual(splitImageRef("x@sha256:ab"), { repo: "x", tag: "sha256:ab" });
});
