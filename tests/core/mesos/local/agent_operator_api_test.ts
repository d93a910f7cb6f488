/**
 * Issue 16 acceptance (agent operator API): an agent's /api/v1 answers GET_HEALTH, GET_FLAGS,
 * GET_VERSION, GET_METRICS, GET_STATE, GET_CONTAINERS, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS
 * and GET_AGENT in JSON and protobuf (decoding as mesos.v1.agent.Response), lists a running
 * task as launched, and serves /metrics/snapshot with Mesos' `slave/*` keys.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { decodeMesos, encodeMesos } from "../../../../core/mesos/codec.ts";
import { postJson, RawFramework } from "./chunk_client.ts";

const CALLS = [
  "GET_HEALTH",
  "GET_FLAGS",
  "GET_VERSION",
  "GET_METRICS",
  "GET_STATE",
  "GET_CONTAINERS",
  "GET_FRAMEWORKS",
  "GET_EXECUTORS",
  "GET_TASKS",
  "GET_AGENT",
];

const call = (type: string) => type === "GET_METRICS" ? { type, get_metrics: {} } : { type };

Deno.test("agent operator API: read calls in JSON and protobuf, a running task in GET_TASKS, slave/* metrics", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 50 });
  const fw = await RawFramework.subscribe(cluster.masterUrl, { name: "agent-api" });
  const agent = cluster.agents[0];
  const api = `http://${agent.endpoint}/api/v1`;
  try {
    const offer = await fw.offer();
    const launched = await fw.call({
      type: "ACCEPT",
      accept: {
        offer_ids: [offer.id],
        operations: [{
          type: "LAUNCH",
          launch: {
            task_infos: [{
              name: "s",
              task_id: { value: "s" },
              agent_id: offer.agent_id,
              resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
              command: { value: "sleep 300" },
            }],
          },
        }],
      },
    });
    assert.equal(launched.status, 202, launched.text);
    await fw.waitState("s", "TASK_RUNNING");
    for (const type of CALLS) {
      const json = await postJson(api, call(type));
      assert.equal(json.status, 200, `${type}: ${json.text}`);
      assert.equal(JSON.parse(json.text).type, type);
      const res = await fetch(api, {
        method: "POST",
        headers: { "Content-Type": "application/x-protobuf", Accept: "application/x-protobuf" },
        body: encodeMesos("mesos.v1.agent.Call", call(type)),
      });
      assert.equal(res.status, 200, type);
      const pb = decodeMesos("mesos.v1.agent.Response", new Uint8Array(await res.arrayBuffer()));
      assert.equal((pb as { type: string }).type, type);
    }
    const tasks = JSON.parse((await postJson(api, call("GET_TASKS"))).text).get_tasks;
    assert.deepEqual(
      tasks.launched_tasks.map((t: { task_id: { value: string } }) => t.task_id.value),
      ["s"],
    );
    assert.equal(tasks.launched_tasks[0].state, "TASK_RUNNING");
    const containers = JSON.parse((await postJson(api, call("GET_CONTAINERS"))).text)
      .get_containers.containers;
    assert.equal(containers.length, 1);
    const info = JSON.parse((await postJson(api, call("GET_AGENT"))).text).get_agent.agent_info;
    assert.equal(info.id.value, agent.id);
    const snapshot = await (await fetch(`http://${agent.endpoint}/metrics/snapshot`)).json();
    for (
      const k of [
        "slave/uptime_secs",
        "slave/registered",
        "slave/tasks_running",
        "slave/cpus_total",
      ]
    ) {
      assert.equal(typeof snapshot[k], "number", k);
    }
    assert.equal(snapshot["slave/tasks_running"], 1);
    const sub = await postJson(api, { type: "SUBSCRIBE" });
    assert.equal(sub.status, 400, "agents have no SUBSCRIBE");
  } finally {
    await fw.stream.close();
    await cluster.close();
  }
});

Deno.test("operator APIs of master and agents need credentials under read-write authentication", async () => {
  const credentials = [{ principal: "ops", secret: "0ps" }];
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    authentication: { credentials, httpReadwrite: true },
  });
  try {
    const auth = { Authorization: `Basic ${btoa("ops:0ps")}` };
    for (
      const [url, realm] of [
        [`${cluster.masterUrl}/api/v1`, "mesos-master-readwrite"],
        [`http://${cluster.agents[0].endpoint}/api/v1`, "mesos-agent-readwrite"],
      ]
    ) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "GET_HEALTH" }),
      });
      assert.equal(res.status, 401, url);
      assert.equal(res.headers.get("www-authenticate"), `Basic realm="${realm}"`);
      await res.body?.cancel();
      const ok = await postJson(url, { type: "GET_HEALTH" }, auth);
      assert.equal(ok.status, 200, ok.text);
    }
  } finally {
    await cluster.close();
  }
});
