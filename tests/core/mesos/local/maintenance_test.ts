/**
 * Issue 16 acceptance (maintenance): a schedule for one agent's machine makes mesos-local send
 * INVERSE_OFFERS to the framework running a task there and put `unavailability` in that agent's
 * offers; ACCEPT_INVERSE_OFFERS shows in GET_MAINTENANCE_STATUS; START_MAINTENANCE takes the
 * machine DOWN (task TASK_LOST with REASON_AGENT_REMOVED, AGENT_REMOVED to operator
 * subscribers) and no agent may register there; STOP_MAINTENANCE brings it UP. DRAIN_AGENT
 * kills the agent's tasks, stops its offers and leaves it DRAINED until REACTIVATE_AGENT.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { decodeMesos, encodeMesos } from "../../../../core/mesos/codec.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import { ChunkStream, postJson, RawFramework, type RawOffer } from "./chunk_client.ts";

function sleeper(offer: RawOffer, id: string) {
  return {
    type: "ACCEPT",
    accept: {
      offer_ids: [offer.id],
      operations: [{
        type: "LAUNCH",
        launch: {
          task_infos: [{
            name: id,
            task_id: { value: id },
            agent_id: offer.agent_id,
            resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
            command: { value: "sleep 300" },
          }],
        },
      }],
      filters: { refuse_seconds: 0 },
    },
  };
}

Deno.test("maintenance: inverse offers for the scheduled machine, accepted status, DOWN removes the agent, UP", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 2, allocationIntervalMs: 50 });
  const api = `${cluster.masterUrl}/api/v1`;
  const fw = await RawFramework.subscribe(cluster.masterUrl, { name: "maint" });
  const ops = await ChunkStream.open(api, { type: "SUBSCRIBE" });
  try {
    const target = cluster.agents[1];
    const offer = await fw.offer(target.id);
    assert.equal((await fw.call(sleeper(offer, "t1"))).status, 202);
    await fw.waitState("t1", "TASK_RUNNING");

    const machine = { hostname: target.info().hostname, ip: "127.0.0.1" };
    const start = String(BigInt(Date.now() + 3_600_000) * 1_000_000n);
    const schedule = {
      windows: [{ machine_ids: [machine], unavailability: { start: { nanoseconds: start } } }],
    };
    const update = await fetch(api, {
      method: "POST",
      headers: { "Content-Type": "application/x-protobuf", Accept: "application/x-protobuf" },
      body: encodeMesos("mesos.v1.master.Call", {
        type: "UPDATE_MAINTENANCE_SCHEDULE",
        update_maintenance_schedule: { schedule },
      }),
    });
    assert.equal(update.status, 200, await update.text());
    const got = await postJson(api, { type: "GET_MAINTENANCE_SCHEDULE" });
    const back = JSON.parse(got.text).get_maintenance_schedule.schedule;
    assert.equal(back.windows[0].machine_ids[0].hostname, machine.hostname);
    assert.equal(String(back.windows[0].unavailability.start.nanoseconds).length, start.length);

    await fw.stream.waitCount("INVERSE_OFFERS", 1);
    const inverse = (fw.stream.ofType("INVERSE_OFFERS")[0].inverse_offers as {
      inverse_offers: { id: { value: string }; agent_id: { value: string } }[];
    }).inverse_offers[0];
    assert.equal(inverse.agent_id.value, target.id);
    const unavailable = await fw.offer(target.id);
    assert.ok(unavailable.unavailability, "offers of the draining agent carry unavailability");
    await fw.call({ type: "DECLINE", decline: { offer_ids: [unavailable.id] } });
    const acc = await fw.call({
      type: "ACCEPT_INVERSE_OFFERS",
      accept_inverse_offers: { inverse_offer_ids: [inverse.id] },
    });
    assert.equal(acc.status, 202, acc.text);
    const status = await waitFor(async () => {
      const res = await fetch(api, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/x-protobuf" },
        body: JSON.stringify({ type: "GET_MAINTENANCE_STATUS" }),
      });
      const r = decodeMesos(
        "mesos.v1.master.Response",
        new Uint8Array(await res.arrayBuffer()),
      ) as {
        get_maintenance_status: {
          status: { draining_machines?: { statuses?: { status: string }[] }[] };
        };
      };
      const st = r.get_maintenance_status.status.draining_machines?.[0]?.statuses?.[0];
      return st?.status === "ACCEPT" ? st : undefined;
    }, { what: "the ACCEPT in GET_MAINTENANCE_STATUS" });
    assert.equal(status.status, "ACCEPT");

    const down = await postJson(api, {
      type: "START_MAINTENANCE",
      start_maintenance: { machines: [machine] },
    });
    assert.equal(down.status, 200, down.text);
    const lost = await fw.waitState("t1", "TASK_LOST");
    assert.equal(lost.reason, "REASON_AGENT_REMOVED");
    await ops.waitCount("AGENT_REMOVED", 1);
    const removed = ops.ofType("AGENT_REMOVED")[0].agent_removed as { agent_id: { value: string } };
    assert.equal(removed.agent_id.value, target.id);
    const st = JSON.parse((await postJson(api, { type: "GET_MAINTENANCE_STATUS" })).text);
    assert.deepEqual(st.get_maintenance_status.status.down_machines, [machine]);
    const upBad = await postJson(api, {
      type: "START_MAINTENANCE",
      start_maintenance: { machines: [machine] },
    });
    assert.equal(upBad.status, 400, "a DOWN machine cannot go down again");
    assert.throws(() => cluster.addAgent({ hostname: machine.hostname }), /DOWN for maintenance/);
    const up = await postJson(api, {
      type: "STOP_MAINTENANCE",
      stop_maintenance: { machines: [machine] },
    });
    assert.equal(up.status, 200, up.text);
    const after = JSON.parse((await postJson(api, { type: "GET_MAINTENANCE_SCHEDULE" })).text);
    assert.deepEqual(after.get_maintenance_schedule.schedule, {});
    const returned = cluster.addAgent({ hostname: machine.hostname });
    assert.ok(cluster.master.agents.has(returned.id), "an agent registers on the machine once UP");
    assert.deepEqual(fw.stream.violations, []);
    assert.deepEqual(ops.violations, []);
  } finally {
    await ops.close();
    await fw.stream.close();
    await cluster.close();
  }
});

Deno.test("DRAIN_AGENT kills the agent's tasks with the grace cap, stops offers, DRAINED until REACTIVATE_AGENT", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 50 });
  const api = `${cluster.masterUrl}/api/v1`;
  const fw = await RawFramework.subscribe(cluster.masterUrl, { name: "drain" });
  try {
    const agentId = cluster.agents[0].id;
    assert.equal((await fw.call(sleeper(await fw.offer(), "d1"))).status, 202);
    await fw.waitState("d1", "TASK_RUNNING");
    const drain = await postJson(api, {
      type: "DRAIN_AGENT",
      drain_agent: { agent_id: { value: agentId }, max_grace_period: { seconds: 1 } },
    });
    assert.equal(drain.status, 200, drain.text);
    const killed = await fw.waitState("d1", "TASK_KILLED");
    assert.equal(killed.reason, "REASON_AGENT_DRAINING");
    const agentOf = async () =>
      JSON.parse((await postJson(api, { type: "GET_AGENTS" })).text).get_agents.agents[0];
    const drained = await waitFor(async () => {
      const a = await agentOf();
      return a.drain_info?.state === "DRAINED" ? a : undefined;
    }, { what: "the agent DRAINED" });
    assert.equal(drained.deactivated, true);
    assert.equal(drained.drain_info.config.max_grace_period.nanoseconds, 1_000_000_000);
    const offersBefore = fw.stream.ofType("OFFERS").length;
    const react = await postJson(api, {
      type: "REACTIVATE_AGENT",
      reactivate_agent: { agent_id: { value: agentId } },
    });
    assert.equal(react.status, 200, react.text);
    await fw.stream.waitCount("OFFERS", offersBefore + 1);
    assert.equal((await agentOf()).deactivated, false);
    const again = await postJson(api, {
      type: "REACTIVATE_AGENT",
      reactivate_agent: { agent_id: { value: agentId } },
    });
    assert.equal(again.status, 400);
    assert.match(again.text, /not deactivated/);
  } finally {
    await fw.stream.close();
    await cluster.close();
  }
});
