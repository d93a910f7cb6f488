/**
 * Issue 16 acceptance (operator API): every read call of the master's /api/v1 is answered in
 * JSON and in protobuf (the protobuf body decodes as mesos.v1.master.Response), 64-bit integers
 * are JSON numbers, GET_STATE agrees with /state, SUBSCRIBE shows a task's TASK_ADDED and each
 * TASK_UPDATED in order, /metrics/snapshot has Mesos' keys, and /state has the real master's
 * fields. The framework is the raw third-party-style client (chunk_client.ts).
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { decodeMesos, encodeMesos } from "../../../../core/mesos/codec.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import { ChunkStream, postJson } from "./chunk_client.ts";

interface Status {
  uuid?: string;
  agent_id: { value: string };
  task_id: { value: string };
}

const READ_CALLS = [
  "GET_HEALTH",
  "GET_FLAGS",
  "GET_VERSION",
  "GET_METRICS",
  "GET_STATE",
  "GET_AGENTS",
  "GET_FRAMEWORKS",
  "GET_EXECUTORS",
  "GET_TASKS",
  "GET_ROLES",
  "GET_MASTER",
  "GET_MAINTENANCE_SCHEDULE",
  "GET_MAINTENANCE_STATUS",
];

function call(type: string): Record<string, unknown> {
  return type === "GET_METRICS" ? { type, get_metrics: {} } : { type };
}

async function protobufCall(url: string, type: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-protobuf", Accept: "application/x-protobuf" },
    body: encodeMesos("mesos.v1.master.Call", call(type)),
  });
  assert.equal(res.status, 200, `${type} over protobuf`);
  assert.equal(res.headers.get("content-type"), "application/x-protobuf");
  const bytes = new Uint8Array(await res.arrayBuffer());
  return decodeMesos("mesos.v1.master.Response", bytes) as Record<string, unknown>;
}

Deno.test("operator API: read calls in JSON and protobuf, SUBSCRIBE task events in order, GET_STATE agrees with /state, metrics keys", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 50 });
  const api = `${cluster.masterUrl}/api/v1`;
  const streams: ChunkStream[] = [];
  try {
    const ops = await ChunkStream.open(api, { type: "SUBSCRIBE" });
    streams.push(ops);
    assert.equal(ops.headers.get("content-type"), "application/json");
    await ops.waitCount("HEARTBEAT", 1);
    assert.deepEqual(ops.events.map((e) => e.type), ["SUBSCRIBED", "HEARTBEAT"]);
    const sub = ops.events[0].subscribed as { get_state: { get_agents: { agents: unknown[] } } };
    assert.equal(sub.get_state.get_agents.agents.length, 1);

    const sched = await ChunkStream.open(`${cluster.masterUrl}/api/v1/scheduler`, {
      type: "SUBSCRIBE",
      subscribe: { framework_info: { user: "root", name: "ops-test", principal: "p1" } },
    });
    streams.push(sched);
    await sched.waitCount("OFFERS", 1);
    const fwId = (sched.events[0].subscribed as { framework_id: { value: string } })
      .framework_id.value;
    const offer = (sched.ofType("OFFERS")[0].offers as {
      offers: { id: { value: string }; agent_id: { value: string } }[];
    }).offers[0];
    const accepted = await postJson(`${cluster.masterUrl}/api/v1/scheduler`, {
      type: "ACCEPT",
      framework_id: { value: fwId },
      accept: {
        offer_ids: [offer.id],
        operations: [{
          type: "LAUNCH",
          launch: {
            task_infos: [{
              name: "one",
              task_id: { value: "one" },
              agent_id: offer.agent_id,
              resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
              command: { value: "true" },
            }],
          },
        }],
      },
    }, { "Mesos-Stream-Id": sched.headers.get("mesos-stream-id")! });
    assert.equal(accepted.status, 202, accepted.text);
    const acked = new Set<string>();
    await waitFor(async () => {
      for (const e of sched.ofType("UPDATE")) {
        const st = (e.update as { status: Status }).status;
        if (!st.uuid || acked.has(st.uuid)) continue;
        acked.add(st.uuid);
        const ack = await postJson(`${cluster.masterUrl}/api/v1/scheduler`, {
          type: "ACKNOWLEDGE",
          framework_id: { value: fwId },
          acknowledge: { agent_id: st.agent_id, task_id: st.task_id, uuid: st.uuid },
        }, { "Mesos-Stream-Id": sched.headers.get("mesos-stream-id")! });
        assert.equal(ack.status, 202, ack.text);
      }
      return acked.size >= 3 || undefined;
    }, { what: "three acknowledged updates of task one" });
    await ops.waitCount("TASK_UPDATED", 3);
    const taskEvents = ops.events.filter((e) => String(e.type).startsWith("TASK_"));
    assert.deepEqual(
      taskEvents.map((e) =>
        e.type === "TASK_ADDED"
          ? "ADDED:" + (e.task_added as { task: { state: string } }).task.state
          : "UPDATED:" + (e.task_updated as { status: { state: string } }).status.state
      ),
      [
        "ADDED:TASK_STAGING",
        "UPDATED:TASK_STARTING",
        "UPDATED:TASK_RUNNING",
        "UPDATED:TASK_FINISHED",
      ],
    );
    assert.ok(ops.ofType("FRAMEWORK_ADDED").length === 1, "FRAMEWORK_ADDED for the framework");

    for (const type of READ_CALLS) {
      const json = await postJson(api, call(type));
      assert.equal(json.status, 200, `${type} over JSON: ${json.text}`);
      const body = JSON.parse(json.text);
      assert.equal(body.type, type);
      assert.ok(type.toLowerCase() in body, `${type} carries ${type.toLowerCase()}`);
      const pb = await protobufCall(api, type);
      assert.equal(pb.type, type);
    }
    const state = JSON.parse((await postJson(api, call("GET_STATE"))).text).get_state;
    assert.equal(typeof state.get_agents.agents[0].registered_time.nanoseconds, "number");
    assert.deepEqual(state.get_agents.recovered_agents, [], "top-level arrays are written");
    const legacy = await (await fetch(`${cluster.masterUrl}/state`)).json();
    assert.deepEqual(
      state.get_agents.agents.map((a: { agent_info: { id: { value: string } } }) =>
        a.agent_info.id.value
      ),
      legacy.slaves.map((s: { id: string }) => s.id),
    );
    assert.deepEqual(
      state.get_frameworks.frameworks.map((f: { framework_info: { id: { value: string } } }) =>
        f.framework_info.id.value
      ),
      legacy.frameworks.map((f: { id: string }) => f.id),
    );
    const allTasks = [...state.get_tasks.tasks, ...state.get_tasks.completed_tasks];
    const legacyTasks = legacy.frameworks.flatMap((f: Record<string, unknown[]>) => [
      ...f.tasks,
      ...f.completed_tasks,
    ]);
    assert.deepEqual(
      allTasks.map((
        t: { task_id: { value: string }; state: string },
      ) => [t.task_id.value, t.state]),
      legacyTasks.map((t: { id: string; state: string }) => [t.id, t.state]),
    );

    for (const k of ["version", "build_date", "build_time", "build_user", "leader_info", "flags"]) {
      assert.ok(k in legacy, `/state has ${k}`);
    }
    assert.deepEqual(legacy.orphan_tasks, []);
    assert.equal(legacy.frameworks[0].principal, "p1");
    assert.equal(typeof legacy.frameworks[0].webui_url, "string");
    assert.equal(legacy.slaves[0].version, "1.12.0");
    assert.deepEqual(legacy.slaves[0].reserved_resources, {});
    const task = legacyTasks[0];
    assert.equal(task.role, "*");
    assert.deepEqual(task.statuses.map((s: { state: string }) => s.state), [
      "TASK_STARTING",
      "TASK_RUNNING",
      "TASK_FINISHED",
    ]);
    assert.ok(!("available_resources" in legacy.slaves[0]), "no invented fields");

    const snapshotText = await (await fetch(`${cluster.masterUrl}/metrics/snapshot`)).text();
    assert.match(snapshotText, /"master\/elected":1\.0/, "values are doubles");
    const snapshot = JSON.parse(snapshotText);
    for (
      const k of [
        "master/uptime_secs",
        "master/slaves_active",
        "master/frameworks_connected",
        "master/outstanding_offers",
        "master/tasks_running",
        "master/tasks_finished",
        "master/cpus_total",
        "master/mem_used",
        "master/operator_event_stream_subscribers",
        "system/load_1min",
      ]
    ) assert.equal(typeof snapshot[k], "number", `metric ${k}`);
    assert.equal(snapshot["master/tasks_finished"], 1);
    assert.equal(snapshot["master/operator_event_stream_subscribers"], 1);
    assert.deepEqual(Object.keys(snapshot), Object.keys(snapshot).sort());
    for (
      const path of ["/state-summary", "/master/slaves", "/master/frameworks", "/master/tasks"]
    ) {
      const res = await fetch(`${cluster.masterUrl}${path}`);
      assert.equal(res.status, 200, path);
      await res.body?.cancel();
    }
    const tasks = await (await fetch(`${cluster.masterUrl}/master/tasks`)).json();
    assert.equal(tasks.tasks[0].id, "one");
    for (const s of streams) assert.deepEqual(s.violations, []);
  } finally {
    for (const s of streams) await s.close();
    await cluster.close();
  }
});

Deno.test("operator API refuses bad calls as Mesos does: 400 without type or sub-message, 415, 406, 501", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1 });
  const api = `${cluster.masterUrl}/api/v1`;
  try {
    const noSub = await postJson(api, { type: "GET_METRICS" });
    assert.equal(noSub.status, 400);
    assert.match(noSub.text, /Expecting 'get_metrics' to be present/);
    assert.equal((await postJson(api, {})).status, 400);
    const text = await fetch(api, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: "{}",
    });
    assert.equal(text.status, 415);
    await text.body?.cancel();
    const accept = await postJson(api, { type: "GET_HEALTH" }, { Accept: "text/html" });
    assert.equal(accept.status, 406);
    assert.equal((await postJson(api, { type: "GET_QUOTA" })).status, 501);
  } finally {
    await cluster.close();
  }
});
