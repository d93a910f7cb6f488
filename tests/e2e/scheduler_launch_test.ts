/**
 * End to end: a pod created through the API is launched as a Mesos task on mesos-local, bound
 * with the task annotations, reported Running by the executor, its agent registered as a Node,
 * and the Mesos task is RUNNING in mesos-local's /state.
 */
import assert from "node:assert/strict";
import {
  AGENT_ID_ANNOTATION,
  BINDING_HOST_ANNOTATION,
  EXECUTOR_ID_ANNOTATION,
  OFFER_ID_ANNOTATION,
  TASK_ID_ANNOTATION,
} from "../../core/scheduler/annotations.ts";
import { FrameworkIdStore } from "../../core/scheduler/framework_id_store.ts";
import type { Node } from "../../core/api/types/node.ts";
import { sleepPod, startTestCluster } from "../_helpers/cluster.ts";

Deno.test("a pod becomes a running Mesos task, bound with its annotations", async () => {
  const c = await startTestCluster({
    agents: [{ resources: "cpus:2;mem:1024;ports:[31000-31100]", attributes: "rack:r1" }],
    scheduler: { port: 0 },
  });
  try {
    await c.createPod(sleepPod("web", { cpu: "500m", memory: "64Mi" }));
    const pod = await c.waitPod("web", (p) => p.status?.phase === "Running", "Running");
    const a = pod.metadata.annotations ?? {};
    const agent = c.mesos.agents[0];
    assert.equal(pod.spec?.nodeName, agent.opts.hostname);
    assert.equal(a[AGENT_ID_ANNOTATION], agent.id);
    assert.equal(a[BINDING_HOST_ANNOTATION], agent.opts.hostname);
    assert.match(a[EXECUTOR_ID_ANNOTATION] ?? "", /^k8sm-executor-[0-9a-f]{16}$/);
    assert.ok(a[OFFER_ID_ANNOTATION]);
    const taskId = a[TASK_ID_ANNOTATION];
    assert.ok(taskId);
    const state = await c.mesosState();
    const fw = state.frameworks.find((f) => f.name === "Kubernetes");
    assert.ok(fw, "framework Kubernetes registered");
    const task = fw.tasks.find((t) => t.id === taskId);
    assert.equal(task?.state, "TASK_RUNNING");
    const saved = await new FrameworkIdStore(c.api.server.store).load();
    assert.equal(saved, fw.id);
    const node = await c.client.get<Node>({ resource: "nodes", name: agent.opts.hostname });
    assert.equal(node.metadata.labels?.["kubernetes.io/hostname"], agent.opts.hostname);
    assert.equal(node.metadata.labels?.["k8s.mesosphere.io/attribute-rack"], "r1");
    assert.equal(node.status?.capacity?.cpu, "2");
    assert.equal(node.status?.conditions?.find((x) => x.type === "Ready")?.status, "True");

    const url = c.scheduler?.url;
    assert.ok(url, "the scheduler serves its status port");
    assert.equal(await (await fetch(`${url}/healthz`)).text(), "ok\n");
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /^k8sm_scheduler_pods_scheduled_total 1$/m);
    assert.match(metrics, /^k8sm_scheduler_mesos_connected 1$/m);
    assert.match(metrics, /^k8sm_scheduler_scheduling_latency_seconds_count 1$/m);
    const page = await (await fetch(`${url}/`)).text();
    assert.ok(page.includes(taskId), "the status page lists the task");
  } finally {
    await c.close();
  }
});

Deno.test("the scheduler also speaks Mesos JSON", async () => {
  const c = await startTestCluster({
    agents: [{ resources: "cpus:1;mem:1024;ports:[31000-31010]" }],
    scheduler: { contentType: "json" },
  });
  try {
    await c.createPod(sleepPod("json", { cpu: "100m" }));
    const pod = await c.waitPod("json", (p) => p.status?.phase === "Running", "Running");
    assert.ok(pod.metadata.annotations?.[TASK_ID_ANNOTATION]);
  } finally {
    await c.close();
  }
});
