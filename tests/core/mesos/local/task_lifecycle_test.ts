/**
 * Task lifecycle through mesos-local: KILL of an executor task and of a command task,
 * command tasks finishing, SHUTDOWN, MESSAGE both ways, LAUNCH_GROUP, executor reuse with a
 * different ExecutorInfo (TASK_ERROR), and TEARDOWN.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import {
  killCall,
  launchCall,
  messageCall,
  shutdownCall,
  teardownCall,
} from "../../../../core/mesos/scheduler_calls.ts";
import type { Offer } from "../../../../core/mesos/local/mesos_types.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import {
  taskMode,
  testExecutorInfo,
  TestFramework,
} from "../../../_helpers/mesos_test_framework.ts";

const cpus = (value: number) => [{ name: "cpus", type: "SCALAR" as const, scalar: { value } }];

function executorTask(offer: Offer, id: string, executor: string, mode = "run") {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: cpus(0.1),
    executor: testExecutorInfo(executor),
    data: taskMode(mode),
  };
}

function commandTask(offer: Offer, id: string, command: string) {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: cpus(0.1),
    command: { value: command },
  };
}

async function withCluster(
  body: (fw: TestFramework, offer: Offer, fwId: string) => Promise<void>,
  capabilities?: string[],
): Promise<void> {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl, { capabilities });
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    await body(fw, offer, fwId);
  } finally {
    await fw.close();
    await cluster.close();
  }
}

Deno.test("KILL reaches the executor, which answers TASK_KILLED", () =>
  withCluster(async (fw, offer) => {
    await fw.client.call(launchCall([offer.id.value], [executorTask(offer, "k1", "e1")]));
    await fw.waitState("k1", "TASK_RUNNING");
    await fw.client.call(killCall("k1", offer.agent_id.value));
    const killed = await fw.waitState("k1", "TASK_KILLED");
    assert.equal(killed.source, "SOURCE_EXECUTOR");
  }));

Deno.test("command tasks run in the sandbox and finish, fail or are killed", () =>
  withCluster(async (fw, offer) => {
    await fw.client.call(launchCall([offer.id.value], [
      commandTask(offer, "ok", 'test -n "$MESOS_SANDBOX" && test "$(pwd)" = "$MESOS_SANDBOX"'),
      commandTask(offer, "bad", "exit 3"),
      commandTask(offer, "long", "sleep 300"),
    ]));
    await fw.waitState("ok", "TASK_FINISHED");
    assert.deepEqual(fw.updates("ok").map((s) => s.state), [
      "TASK_STARTING",
      "TASK_RUNNING",
      "TASK_FINISHED",
    ]);
    assert.equal(fw.updates("ok")[0].executor_id?.value, "ok", "command executor id = task id");
    const bad = await fw.waitState("bad", "TASK_FAILED");
    assert.match(String(bad.message), /status 3/);
    await fw.waitState("long", "TASK_RUNNING");
    await fw.client.call(killCall("long"));
    await fw.waitState("long", "TASK_KILLED");
    assert.ok(!fw.events.some((e) => e.type === "FAILURE"), "no FAILURE for command executors");
  }));

Deno.test("SHUTDOWN stops the executor; MESSAGE goes both ways", () =>
  withCluster(async (fw, offer) => {
    await fw.client.call(launchCall([offer.id.value], [executorTask(offer, "s1", "e1")]));
    await fw.waitState("s1", "TASK_RUNNING");
    const payload = btoa("ping");
    await fw.client.call(messageCall(offer.agent_id.value, "e1", payload));
    const echo = await fw.waitEvent((e) => e.type === "MESSAGE", "the executor's echo");
    const m = echo.message as { data: string; executor_id: { value: string } };
    assert.equal(m.data, payload);
    assert.equal(m.executor_id.value, "e1");
    await fw.client.call(shutdownCall("e1", offer.agent_id.value));
    await fw.waitState("s1", "TASK_KILLED");
    const failure = await fw.waitEvent((e) => e.type === "FAILURE", "FAILURE after shutdown");
    assert.equal((failure.failure as { executor_id: { value: string } }).executor_id.value, "e1");
  }));

Deno.test("a reused executor id with a different ExecutorInfo is refused with TASK_ERROR", () =>
  withCluster(async (fw, offer) => {
    const other = executorTask(offer, "b", "e1");
    other.executor = { ...other.executor, name: "something else" };
    await fw.client.call(launchCall([offer.id.value], [executorTask(offer, "a", "e1"), other]));
    const refused = await fw.waitState("b", "TASK_ERROR");
    assert.match(String(refused.message), /not compatible/);
    await fw.waitState("a", "TASK_RUNNING");
  }));

Deno.test("LAUNCH_GROUP delivers the tasks together to one executor", () =>
  withCluster(async (fw, offer) => {
    const executor = {
      ...testExecutorInfo("g"),
      type: "CUSTOM",
      resources: [...cpus(0.1), { name: "mem", type: "SCALAR" as const, scalar: { value: 32 } }, {
        name: "disk",
        type: "SCALAR" as const,
        scalar: { value: 10 },
      }],
    };
    await fw.client.call({
      type: "ACCEPT",
      accept: {
        offer_ids: [offer.id],
        operations: [{
          type: "LAUNCH_GROUP",
          launch_group: {
            executor,
            task_group: {
              tasks: ["g1", "g2"].map((id) => ({
                name: id,
                task_id: { value: id },
                agent_id: offer.agent_id,
                resources: cpus(0.1),
                data: taskMode("finish"),
              })),
            },
          },
        }],
      },
    });
    await fw.waitState("g1", "TASK_FINISHED");
    await fw.waitState("g2", "TASK_FINISHED");
    assert.equal(fw.updates("g1")[0].executor_id?.value, "g");
    assert.equal(fw.updates("g2")[0].executor_id?.value, "g");
  }));

Deno.test("TEARDOWN kills the framework's tasks and closes its stream", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl, { failoverTimeout: 3600 });
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    await fw.client.call(launchCall([offer.id.value], [executorTask(offer, "t", "e1")]));
    await fw.waitState("t", "TASK_RUNNING");
    await fw.client.call(teardownCall());
    await waitFor(() => cluster.master.removedFrameworks.has(fwId), { what: "removal" });
    await waitFor(() => cluster.agents[0].run(fwId, "e1") === undefined, {
      what: "executor gone",
      timeoutMs: 15_000,
    });
    const state = await (await fetch(`${cluster.masterUrl}/state`)).json();
    assert.equal(state.frameworks.length, 0);
    assert.equal(state.completed_frameworks[0].id, fwId);
    assert.equal(state.slaves[0].used_resources.cpus, 0, "resources are back");
  } finally {
    await fw.close();
    await cluster.close();
  }
});
