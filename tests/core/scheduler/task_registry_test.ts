import assert from "node:assert/strict";
import type { Pod } from "../../../core/api/types/pod.ts";
import { taskAnnotations } from "../../../core/scheduler/annotations.ts";
import { TaskRegistry } from "../../../core/scheduler/task_registry.ts";

function bound(name: string, taskId: string, phase = "Running"): Pod {
  return {
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      annotations: taskAnnotations({
        taskId,
        agentId: "S1",
        executorId: "k8sm-executor-x",
        offerId: "O1",
        bindingHost: "h1",
        hostPorts: { "8080/TCP": 31001 },
      }),
    },
    spec: {
      nodeName: "h1",
      containers: [{ name: "c", ports: [{ containerPort: 80, hostPort: 31080 }] }],
    },
    status: { phase: phase as "Running" },
  };
}

Deno.test("the registry is rebuilt from the annotations of live bound pods", () => {
  const r = new TaskRegistry();
  const added = r.rebuildFromPods([
    bound("a", "t-a"),
    bound("b", "t-b", "Failed"),
    { metadata: { name: "c", namespace: "default" }, spec: { containers: [] } },
  ]);
  assert.equal(added, 1);
  const t = r.get("t-a");
  assert.ok(t);
  assert.equal(t.podKey, "default/a");
  assert.equal(t.agentId, "S1");
  assert.equal(t.hostname, "h1");
  assert.equal(t.unconfirmed, true);
  assert.deepEqual(t.ports.sort(), [31001, 31080]);
  assert.equal(r.forPod("default/a"), t);
  assert.equal(r.hasExecutorOn("S1", "k8sm-executor-x"), true);
  assert.equal(r.rebuildFromPods([bound("a", "t-a")]), 0, "known tasks are not added twice");
  r.remove("t-a");
  assert.equal(r.forPod("default/a"), undefined);
  assert.equal(r.size, 0);
});
