/** The call builders produce exactly the wire bytes of the matching vectors. */
import assert from "node:assert/strict";
import {
  acknowledgeCall,
  declineCall,
  encodeMesos,
  isActiveTaskState,
  isTerminalTaskState,
  killCall,
  launchCall,
  messageCall,
  reconcileCall,
  reviveCall,
  type SchedulerCall,
  shutdownCall,
  suppressCall,
  teardownCall,
} from "../../../core/mesos/mod.ts";

interface Vector {
  name: string;
  json: { framework_id?: unknown; accept?: { operations: { launch: { task_infos: [] } }[] } };
  protobuf_base64: string;
}
const url = new URL("../../_fixtures/mesos-v1/vectors.json", import.meta.url);
const { vectors } = JSON.parse(await Deno.readTextFile(url)) as { vectors: Vector[] };
const vector = (name: string) => vectors.find((v) => v.name === name)!;
const FID = { value: "20261125-090000-16777343-5050-1234-0000" };
const S0 = "20261125-090000-16777343-5050-1234-S0";

function assertWire(name: string, call: SchedulerCall) {
  const bytes = encodeMesos("mesos.v1.scheduler.Call", { framework_id: FID, ...call });
  const expected = Uint8Array.from(atob(vector(name).protobuf_base64), (c) => c.charCodeAt(0));
  assert.deepEqual(bytes, expected, name);
}

Deno.test("builders match the wire vectors byte for byte", () => {
  assertWire("sched_call_decline", declineCall(["O-19", "O-20"], 30));
  assertWire("sched_call_revive", reviveCall(["*"]));
  assertWire("sched_call_suppress", suppressCall(["*"]));
  assertWire("sched_call_kill", killCall("pod.4f0c", S0, 30_000));
  assertWire("sched_call_shutdown", shutdownCall("executor-3b1f", S0));
  assertWire("sched_call_message", messageCall(S0, "executor-3b1f", "a2lsbA=="));
  assertWire("sched_call_teardown", teardownCall());
  assertWire(
    "sched_call_reconcile_explicit",
    reconcileCall([{ taskId: "pod.4f0c", agentId: S0 }, { taskId: "pod.77aa" }]),
  );
  assertWire("sched_call_reconcile_implicit", reconcileCall());
  const ack = acknowledgeCall({
    task_id: { value: "pod.4f0c" },
    agent_id: { value: S0 },
    uuid: "Dx4tPEtaSXiHlqW0w9Lh8A==",
    state: "TASK_RUNNING",
  });
  assertWire("sched_call_acknowledge", ack!);
  const accept = vector("sched_call_accept_launch").json.accept!;
  assertWire(
    "sched_call_accept_launch",
    launchCall(["O-17"], accept.operations[0].launch.task_infos, 1),
  );
});

Deno.test("updates without uuid (master-generated) are never acknowledged", () => {
  assert.equal(acknowledgeCall({ task_id: { value: "t" }, state: "TASK_LOST" }), undefined);
});

Deno.test("task state classes follow Mesos", () => {
  for (
    const s of [
      "TASK_FINISHED",
      "TASK_FAILED",
      "TASK_KILLED",
      "TASK_ERROR",
      "TASK_LOST",
      "TASK_DROPPED",
      "TASK_GONE",
      "TASK_GONE_BY_OPERATOR",
    ]
  ) {
    assert.equal(isTerminalTaskState(s), true, s);
  }
  for (
    const s of [
      "TASK_STAGING",
      "TASK_STARTING",
      "TASK_RUNNING",
      "TASK_KILLING",
      "TASK_UNREACHABLE",
      "TASK_UNKNOWN",
    ]
  ) {
    assert.equal(isTerminalTaskState(s), false, s);
  }
  assert.equal(isActiveTaskState("TASK_KILLING"), true);
  assert.equal(isActiveTaskState("TASK_UNREACHABLE"), false);
});
