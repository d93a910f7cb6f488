import assert from "node:assert/strict";
import {
  decodeTaskPod,
  killGraceSeconds,
  podGraceSeconds,
} from "../../../core/executor/task_pod.ts";
import type { Pod } from "../../../core/api/types/pod.ts";

const b64 = (v: unknown) => btoa(JSON.stringify(v));
const task = (data?: string) => ({
  name: "t",
  task_id: { value: "t1" },
  agent_id: { value: "a1" },
  data,
});

Deno.test("decodeTaskPod reads the pod JSON and the scheduler's host-port mapping", () => {
  const pod = {
    metadata: {
      name: "web",
      uid: "u1",
      annotations: { "k8s.mesosphere.io/hostPorts": '{"80/TCP":31005,"bad":"x"}' },
    },
    spec: { containers: [{ name: "c" }] },
  };
  const got = decodeTaskPod(task(b64(pod)));
  assert.ok(typeof got !== "string");
  assert.equal(got.taskId, "t1");
  assert.equal(got.pod.metadata.namespace, "default");
  assert.deepEqual(got.hostPorts, { "80/TCP": 31005 });
});

Deno.test("decodeTaskPod explains what is wrong with a task's data", () => {
  assert.match(decodeTaskPod(task()) as string, /carries no pod/);
  assert.match(decodeTaskPod(task("!!!")) as string, /not base64 pod JSON/);
  assert.match(decodeTaskPod(task(b64({ a: 1 }))) as string, /not a pod/);
  assert.match(
    decodeTaskPod(task(b64({ metadata: { name: "x" }, spec: { containers: [] } }))) as string,
    /no metadata.uid/,
  );
  assert.match(
    decodeTaskPod(
      task(b64({ metadata: { name: "x", uid: "u" }, spec: { containers: [] } })),
    ) as string,
    /has no containers/,
  );
});

Deno.test("kill grace: the kill policy's, else the pod's, else 30 s", () => {
  const pod: Pod = {
    metadata: { name: "p" },
    spec: { containers: [], terminationGracePeriodSeconds: 7 },
  };
  assert.equal(killGraceSeconds({ grace_period: { nanoseconds: "2500000000" } }, pod), 2.5);
  assert.equal(killGraceSeconds(undefined, pod), 7);
  assert.equal(podGraceSeconds({ metadata: { name: "p" }, spec: { containers: [] } }), 30);
});
