import assert from "node:assert/strict";
import { failureEvents } from "../../../core/executor/container_runner.ts";

Deno.test("failureEvents: a pull failure is the puller's sentence, then Error: <reason>", () => {
  const msg = 'Failed to pull image "x:1": no such host; check the name';
  assert.deepEqual(failureEvents("ErrImagePull", msg), [
    ["Warning", "Failed", msg],
    ["Warning", "Failed", "Error: ErrImagePull"],
  ]);
});

Deno.test("failureEvents: create and run errors are one Failed event with the cause", () => {
  assert.deepEqual(failureEvents("CreateContainerError", "cannot create container: no space"), [
    ["Warning", "Failed", "Error: CreateContainerError: cannot create container: no space"],
  ]);
});
