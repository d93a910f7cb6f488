/**
 * Issue 16 acceptance (wire fidelity): a hand-written third-party-style client that reads one
 * RecordIO record per HTTP chunk (chunk_client.ts, no k8sm client code) sees exactly one record
 * in every chunk of the scheduler, executor and operator streams under a burst of 200 launches.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { ChunkStream, postJson } from "./chunk_client.ts";

const BURST = 200;

function scalar(name: string, value: number) {
  return { name, type: "SCALAR", scalar: { value }, allocation_info: { role: "*" } };
}

function uuid(): string {
  const hex = crypto.randomUUID().replaceAll("-", "");
  const bytes = hex.match(/../g)!.map((h) => parseInt(h, 16));
  return btoa(String.fromCharCode(...bytes));
}

Deno.test("scheduler, executor and operator streams carry one RecordIO record per HTTP chunk under a 200-launch burst", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    resources: "cpus:16;mem:8192;disk:4096",
    allocationIntervalMs: 50,
    heartbeatIntervalSeconds: 1,
  });
  const streams: ChunkStream[] = [];
  try {
    const operator = await ChunkStream.open(`${cluster.masterUrl}/api/v1`, { type: "SUBSCRIBE" });
    streams.push(operator);
    const sched = await ChunkStream.open(`${cluster.masterUrl}/api/v1/scheduler`, {
      type: "SUBSCRIBE",
      subscribe: { framework_info: { user: "root", name: "chunk-test" } },
    });
    streams.push(sched);
    assert.equal(sched.status, 200);
    await sched.waitCount("SUBSCRIBED", 1);
    assert.equal(sched.events[0].type, "SUBSCRIBED", "the first chunk is SUBSCRIBED alone");
    const fwId = (sched.events[0].subscribed as { framework_id: { value: string } })
      .framework_id.value;
    await sched.waitCount("OFFERS", 1);
    const offer = (sched.ofType("OFFERS")[0].offers as {
      offers: { id: { value: string }; agent_id: { value: string } }[];
    }).offers[0];
    const executor = {
      executor_id: { value: "burst" },
      type: "CUSTOM",
      command: { value: "sleep 300" },
      resources: [scalar("cpus", 0.1), scalar("mem", 32)],
    };
    const tasks = Array.from({ length: BURST }, (_, i) => ({
      name: `t${i}`,
      task_id: { value: `t${i}` },
      agent_id: offer.agent_id,
      resources: [scalar("cpus", 0.01), scalar("mem", 1)],
      executor,
    }));
    const accepted = await postJson(`${cluster.masterUrl}/api/v1/scheduler`, {
      type: "ACCEPT",
      framework_id: { value: fwId },
      accept: {
        offer_ids: [offer.id],
        operations: [{ type: "LAUNCH", launch: { task_infos: tasks } }],
      },
    }, { "Mesos-Stream-Id": sched.headers.get("mesos-stream-id")! });
    assert.equal(accepted.status, 202, accepted.text);

    const agentUrl = `http://${cluster.agents[0].endpoint}/api/v1/executor`;
    const exec = await ChunkStream.open(agentUrl, {
      type: "SUBSCRIBE",
      framework_id: { value: fwId },
      executor_id: { value: "burst" },
      subscribe: {},
    });
    streams.push(exec);
    await exec.waitCount("LAUNCH", BURST);
    assert.equal(exec.events[0].type, "SUBSCRIBED");
    await Promise.all(tasks.map((t) =>
      postJson(agentUrl, {
        type: "UPDATE",
        framework_id: { value: fwId },
        executor_id: { value: "burst" },
        update: {
          status: {
            task_id: t.task_id,
            state: "TASK_RUNNING",
            source: "SOURCE_EXECUTOR",
            uuid: uuid(),
          },
        },
      }).then((r) => assert.equal(r.status, 202, r.text))
    ));
    await sched.waitCount("UPDATE", BURST);
    await exec.waitCount("ACKNOWLEDGED", BURST);
    await operator.waitCount("TASK_ADDED", BURST);
    await operator.waitCount("TASK_UPDATED", BURST);
    await sched.waitCount("HEARTBEAT", 2);
    for (const s of streams) {
      assert.deepEqual(s.violations, [], "every chunk is exactly one record");
      assert.equal(s.chunks, s.events.length);
    }
    assert.ok(exec.chunks >= 2 * BURST + 1, `executor stream chunks: ${exec.chunks}`);
    assert.ok(sched.chunks >= BURST + 2, `scheduler stream chunks: ${sched.chunks}`);
    assert.ok(operator.chunks >= 2 * BURST + 1, `operator stream chunks: ${operator.chunks}`);
  } finally {
    for (const s of streams) await s.close();
    await cluster.close();
  }
});
