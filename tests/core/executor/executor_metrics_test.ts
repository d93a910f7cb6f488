import assert from "node:assert/strict";
import { renderExecutorMetrics } from "../../../core/executor/executor_metrics.ts";

Deno.test("executor metrics render pods by phase, restarts and counters", () => {
  const cs = (restartCount: number) => ({
    name: "c",
    ready: true,
    restartCount,
    image: "",
    imageID: "",
  });
  const text = renderExecutorMetrics(
    [{ phase: "Running", containerStatuses: [cs(2), cs(1)] }, { phase: "Failed" }, undefined],
    new Map([["TASK_RUNNING", 1], ["TASK_FAILED", 1]]),
    7,
  );
  assert.match(text, /^k8sm_executor_pods\{phase="Running"\} 1$/m);
  assert.match(text, /^k8sm_executor_pods\{phase="Pending"\} 1$/m);
  assert.match(text, /^k8sm_executor_container_restarts 3$/m);
  assert.match(text, /^k8sm_executor_task_updates_total\{state="TASK_FAILED"\} 1$/m);
  assert.match(text, /^k8sm_executor_status_writes_total 7$/m);
  assert.ok(text.endsWith("\n"));
});
