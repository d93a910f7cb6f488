/**
 * Unit tests of `--executor=default` task groups: member task ids, the CommandInfo of a
 * container, and the split of a pod's resources between its containers.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../../core/api/types/pod.ts";
import {
  containerCommand,
  defaultExecutor,
  memberTaskId,
  parseMemberTaskId,
  podTaskGroup,
  splitResources,
} from "../../../core/scheduler/task_group.ts";
import { DEFAULT_RESOURCES } from "../../../core/scheduler/pod_resources.ts";

const POD_TASK = "default.web.0123456789ab";

Deno.test("member task ids: container 0 is the pod task, the others .c<index>, parsed back", () => {
  assert.equal(memberTaskId(POD_TASK, 0), POD_TASK);
  assert.equal(memberTaskId(POD_TASK, 2), `${POD_TASK}.c2`);
  assert.deepEqual(parseMemberTaskId(`${POD_TASK}.c2`), { podTaskId: POD_TASK, index: 2 });
  assert.deepEqual(parseMemberTaskId(POD_TASK), { podTaskId: POD_TASK, index: 0 });
  assert.deepEqual(parseMemberTaskId("default.c1"), { podTaskId: "default.c1", index: 0 });
});

Deno.test("containerCommand: command + args run without a shell, plain env values; none is an error", () => {
  assert.deepEqual(
    containerCommand({
      name: "a",
      command: ["sleep"],
      args: ["5"],
      env: [{ name: "A", value: "1" }, { name: "B", valueFrom: { fieldRef: { fieldPath: "x" } } }],
    }),
    {
      shell: false,
      value: "sleep",
      arguments: ["sleep", "5"],
      environment: { variables: [{ name: "A", type: "VALUE", value: "1" }] },
    },
  );
  assert.throws(
    () => containerCommand({ name: "a", image: "busybox" }),
    /container a has no command/,
  );
});

Deno.test("splitResources: cpus and mem pro rata (Mesos precision, sums kept), ports to the first", () => {
  const parts = splitResources([
    { name: "cpus", type: "SCALAR", scalar: { value: 0.3 }, role: "*" },
    { name: "mem", type: "SCALAR", scalar: { value: 48 } },
    { name: "ports", type: "RANGES", ranges: { range: [{ begin: 80, end: 80 }] } },
  ], [{ cpus: 0.1, mem: 16 }, { cpus: 0.2, mem: 32 }]);
  assert.deepEqual(parts[0].map((r) => [r.name, r.scalar?.value]), [
    ["cpus", 0.1],
    ["mem", 16],
    ["ports", undefined],
  ]);
  assert.deepEqual(parts[1].map((r) => [r.name, r.scalar?.value, r.role]), [
    ["cpus", 0.2, "*"],
    ["mem", 32, undefined],
  ]);
});

Deno.test("podTaskGroup: one task per container on the DEFAULT executor, resources split by requests", () => {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default" },
    spec: {
      containers: [
        { name: "a", command: ["sleep", "1"] },
        {
          name: "b",
          command: ["sleep", "2"],
          resources: { requests: { cpu: "100m", memory: "32Mi" } },
        },
      ],
    },
  } as Pod;
  const executor = defaultExecutor({ cpus: 0.1, memMb: 32 });
  const group = podTaskGroup(
    pod,
    {
      name: "web.default.pod",
      task_id: { value: POD_TASK },
      agent_id: { value: "S0" },
      resources: [
        { name: "cpus", type: "SCALAR", scalar: { value: 0.11 } },
        { name: "mem", type: "SCALAR", scalar: { value: 48 } },
      ],
    },
    executor,
    DEFAULT_RESOURCES,
  );
  assert.equal((group.executor as { type: string }).type, "DEFAULT");
  assert.deepEqual(group.tasks.map((t) => t.task_id.value), [POD_TASK, `${POD_TASK}.c1`]);
  assert.deepEqual(group.tasks.map((t) => t.resources.map((r) => r.scalar?.value)), [
    [0.01, 16],
    [0.1, 32],
  ]);
  assert.equal(group.tasks[1].executor, undefined);
});
