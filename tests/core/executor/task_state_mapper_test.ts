import assert from "node:assert/strict";
import { base64ToBytes } from "../../../core/mesos/executor_types.ts";
import {
  isTerminalTaskState,
  nextTaskState,
  statusData,
} from "../../../core/executor/task_state_mapper.ts";
import type { PodStatus } from "../../../core/api/types/pod.ts";

const cs = (state: Record<string, unknown>, name = "main") => ({
  name,
  state,
  ready: false,
  restartCount: 0,
  image: "",
  imageID: "",
});

Deno.test("task states: STARTING, RUNNING once all run, then nothing until the end", () => {
  const pending: PodStatus = { phase: "Pending", containerStatuses: [cs({ waiting: {} })] };
  assert.equal(nextTaskState(undefined, pending, false)?.state, "TASK_STARTING");
  assert.equal(nextTaskState("TASK_STARTING", pending, false), undefined);
  const half: PodStatus = {
    phase: "Running",
    containerStatuses: [cs({ running: {} }), cs({ terminated: { exitCode: 1 } }, "b")],
  };
  assert.equal(nextTaskState("TASK_STARTING", half, false), undefined);
  const all: PodStatus = { phase: "Running", containerStatuses: [cs({ running: {} })] };
  assert.equal(nextTaskState("TASK_STARTING", all, false)?.state, "TASK_RUNNING");
  assert.equal(nextTaskState("TASK_RUNNING", all, false), undefined);
});

Deno.test("task states: FINISHED, FAILED with the exit code, KILLED; terminal is final", () => {
  assert.equal(
    nextTaskState("TASK_RUNNING", { phase: "Succeeded" }, false)?.state,
    "TASK_FINISHED",
  );
  const failed = nextTaskState("TASK_RUNNING", {
    phase: "Failed",
    containerStatuses: [cs({ terminated: { exitCode: 3, reason: "Error" } })],
  }, false);
  assert.equal(failed?.state, "TASK_FAILED");
  assert.match(failed!.message!, /container "main" exited with code 3 \(Error\)/);
  assert.equal(nextTaskState("TASK_RUNNING", { phase: "Running" }, true)?.state, "TASK_KILLED");
  assert.equal(nextTaskState("TASK_KILLED", { phase: "Failed" }, true), undefined);
  assert.ok(isTerminalTaskState("TASK_FINISHED"));
  assert.ok(!isTerminalTaskState("TASK_RUNNING"));
});

Deno.test("statusData carries the pod status JSON in base64", () => {
  const status: PodStatus = { phase: "Running", podIP: "10.0.0.1" };
  const back = JSON.parse(new TextDecoder().decode(base64ToBytes(statusData(status))));
  assert.deepEqual(back, status);
});

Deno.test("task states: during TASK_KILLING only the end of the kill is reported", () => {
  const running: PodStatus = {
    phase: "Running",
    containerStatuses: [cs({ running: {} })],
  };
  assert.equal(nextTaskState("TASK_KILLING", running, false), undefined);
  assert.equal(nextTaskState("TASK_KILLING", running, true)?.state, "TASK_KILLED");
});
