/**
 * Issue 16 acceptance (task groups): LAUNCH_GROUP on the DEFAULT executor in mesos-local runs a
 * group of 3 command tasks in one shared sandbox, each reporting STARTING → RUNNING → FINISHED;
 * when one task of a group fails, or is killed, the other tasks of that group are killed
 * (TASK_KILLED).
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { RawFramework } from "./chunk_client.ts";

function scalar(name: string, value: number) {
  return { name, type: "SCALAR", scalar: { value }, allocation_info: { role: "*" } };
}

function group(offer: { agent_id: unknown }, executorId: string, commands: string[]) {
  return {
    type: "LAUNCH_GROUP",
    launch_group: {
      executor: {
        executor_id: { value: executorId },
        type: "DEFAULT",
        resources: [scalar("cpus", 0.1), scalar("mem", 32), scalar("disk", 10)],
      },
      task_group: {
        tasks: commands.map((value, i) => ({
          name: `${executorId}-${i}`,
          task_id: { value: `${executorId}-${i}` },
          agent_id: offer.agent_id,
          resources: [scalar("cpus", 0.1), scalar("mem", 16)],
          command: { value },
        })),
      },
    },
  };
}

Deno.test("DEFAULT executor: a task group of 3 runs and finishes in a shared sandbox; a failing or killed task kills the rest of its group", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 50 });
  const fw = await RawFramework.subscribe(cluster.masterUrl, { name: "groups" });
  try {
    const offer = await fw.offer();
    const ok = await fw.call({
      type: "ACCEPT",
      accept: {
        offer_ids: [offer.id],
        operations: [group(offer, "g1", [
          "echo a > shared-a",
          "sleep 0.2; echo b > shared-b",
          "sleep 0.4; test -f shared-a && test -f shared-b",
        ])],
      },
    });
    assert.equal(ok.status, 202, ok.text);
    for (const i of [0, 1, 2]) {
      await fw.waitState(`g1-${i}`, "TASK_FINISHED");
      assert.deepEqual(await fw.states(`g1-${i}`), [
        "TASK_STARTING",
        "TASK_RUNNING",
        "TASK_FINISHED",
      ]);
    }

    const offer2 = await fw.offer();
    const bad = await fw.call({
      type: "ACCEPT",
      accept: {
        offer_ids: [offer2.id],
        operations: [group(offer2, "g2", [
          "sleep 300",
          "sleep 300",
          "sleep 0.3; exit 3",
        ])],
      },
    });
    assert.equal(bad.status, 202, bad.text);
    await fw.waitState("g2-2", "TASK_FAILED");
    await fw.waitState("g2-0", "TASK_KILLED");
    await fw.waitState("g2-1", "TASK_KILLED");

    const offer3 = await fw.offer();
    const third = await fw.call({
      type: "ACCEPT",
      accept: {
        offer_ids: [offer3.id],
        operations: [group(offer3, "g3", ["sleep 300", "sleep 300"])],
      },
    });
    assert.equal(third.status, 202, third.text);
    await fw.waitState("g3-0", "TASK_RUNNING");
    await fw.waitState("g3-1", "TASK_RUNNING");
    const kill = await fw.call({
      type: "KILL",
      kill: { task_id: { value: "g3-0" }, agent_id: offer3.agent_id },
    });
    assert.equal(kill.status, 202, kill.text);
    await fw.waitState("g3-0", "TASK_KILLED");
    await fw.waitState("g3-1", "TASK_KILLED");
    assert.deepEqual(fw.stream.violations, []);
  } finally {
    await fw.stream.close();
    await cluster.close();
  }
});
