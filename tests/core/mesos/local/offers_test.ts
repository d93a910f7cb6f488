/**
 * Offers: HEARTBEAT after SUBSCRIBED, one offer per agent and role with allocation_info,
 * DECLINE filters (refuse_seconds) until REVIVE or until they expire, SUPPRESS, reserved resources offered only to
 * their role, and the resource accounting shown on /state.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import {
  declineCall,
  launchCall,
  reviveCall,
  suppressCall,
} from "../../../../core/mesos/scheduler_calls.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import { TestFramework } from "../../../_helpers/mesos_test_framework.ts";

Deno.test("SUBSCRIBED, HEARTBEAT, offers per agent with attributes and disjoint ports", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 2,
    attributes: "rack:r1;zone:a;slots:4",
    allocationIntervalMs: 100,
  });
  const fw = new TestFramework(cluster.masterUrl);
  try {
    await fw.subscribed();
    assert.equal(fw.events[0].type, "SUBSCRIBED");
    // SUBSCRIBED and HEARTBEAT are separate HTTP chunks: the second may arrive a moment later.
    await waitFor(() => fw.events.length >= 2, { what: "the event after SUBSCRIBED" });
    assert.equal(fw.events[1].type, "HEARTBEAT", "a HEARTBEAT follows SUBSCRIBED at once");
    assert.equal(fw.events[0].subscribed!.heartbeat_interval_seconds, 15);
    const offers = await fw.offers(2);
    assert.equal(new Set(offers.map((o) => o.agent_id.value)).size, 2);
    assert.equal(new Set(offers.map((o) => o.hostname)).size, 2, "distinct hostnames");
    const ports = offers.map((o) => o.resources.find((r) => r.name === "ports")!.ranges!.range![0]);
    assert.ok(
      Number(ports[0].end) < Number(ports[1].begin) ||
        Number(ports[1].end) < Number(ports[0].begin),
    );
    for (const o of offers) {
      assert.deepEqual(
        o.attributes.map((a) => [a.name, a.type]),
        [["rack", "TEXT"], ["zone", "TEXT"], ["slots", "SCALAR"]],
      );
      assert.ok(o.resources.every((r) => r.allocation_info?.role === "*"));
    }
  } finally {
    await fw.close();
    await cluster.close();
  }
});

Deno.test("DECLINE filters an agent until REVIVE; SUPPRESS stops offers", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 60_000 });
  const fw = new TestFramework(cluster.masterUrl);
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    await fw.client.call(declineCall([offer.id.value], 3600));
    await waitFor(() => cluster.master.offers.byFramework(fwId).length === 0, { what: "decline" });
    cluster.master.allocate();
    assert.equal(cluster.master.offers.byFramework(fwId).length, 0, "filtered for an hour");
    await fw.client.call(reviveCall());
    const [revived] = await fw.offers();
    assert.equal(revived.agent_id.value, offer.agent_id.value);

    await fw.client.call(declineCall([revived.id.value], 0));
    await waitFor(() => cluster.master.offers.byFramework(fwId).length === 0, { what: "decline" });
    await fw.client.call(suppressCall());
    cluster.master.allocate();
    assert.equal(cluster.master.offers.byFramework(fwId).length, 0, "suppressed");
    const state = await (await fetch(`${cluster.masterUrl}/state`)).json();
    assert.deepEqual(state.frameworks[0].k8sm.suppressed_roles, ["*"]);
    await fw.client.call(reviveCall());
    await fw.offers();
  } finally {
    await fw.close();
    await cluster.close();
  }
});

Deno.test("an agent left idle by a DECLINE filter is offered again once refuse_seconds pass", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl);
  try {
    const fwId = await fw.subscribed();
    const [offer] = await fw.offers();
    await fw.client.call(declineCall([offer.id.value], 1));
    await waitFor(() => cluster.master.offers.byFramework(fwId).length === 0, { what: "decline" });
    cluster.master.allocate(); // the filter holds: a pass that offers nothing
    cluster.master.allocate(); // the allocator may skip the idle agent now
    const [again] = await fw.offers();
    assert.equal(again.agent_id.value, offer.agent_id.value, "re-offered after the filter");
    assert.deepEqual(
      again.resources.map((r) => r.name).sort(),
      offer.resources.map((r) => r.name).sort(),
      "the same resources come back",
    );
  } finally {
    await fw.close();
    await cluster.close();
  }
});

Deno.test("reserved resources go to their role only, in the format the framework reads", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    resources: "cpus:2;cpus(web):1;mem:1024;disk:1024;ports:[31000-31010]",
    allocationIntervalMs: 100,
  });
  const other = new TestFramework(cluster.masterUrl, { name: "other" });
  const web = new TestFramework(cluster.masterUrl, { name: "web", roles: ["web"] });
  let refined: TestFramework | undefined;
  try {
    await other.subscribed();
    const [offer] = await other.offers();
    const cpus = offer.resources.filter((r) => r.name === "cpus");
    assert.deepEqual(
      cpus.map((r) => Number(r.scalar!.value)),
      [2],
      "the web reservation is withheld",
    );
    assert.ok(offer.resources.every((r) => r.role === "*"), 'pre-refinement format: role "*"');

    const webId = await web.subscribed();
    const [webOffer] = await web.offers();
    assert.equal(webOffer.allocation_info?.role, "web");
    const reserved = webOffer.resources.find((r) => r.name === "cpus")!;
    assert.equal(reserved.role, "web");
    assert.equal(reserved.reservations, undefined);
    await web.client.call(launchCall([webOffer.id.value], [{
      name: "w",
      task_id: { value: "w" },
      agent_id: webOffer.agent_id,
      resources: [{ ...reserved, scalar: { value: 0.5 } }],
      command: { value: "sleep 300" },
    }], 3600));
    await web.waitState("w", "TASK_RUNNING");
    const state = await (await fetch(`${cluster.masterUrl}/state`)).json();
    assert.equal(state.slaves[0].used_resources.cpus, 0.5);

    // Once "web" is gone, its reservation is whole again, offered in the refined format.
    await web.close();
    await waitFor(() => cluster.master.removedFrameworks.has(webId), { what: "web removed" });
    refined = new TestFramework(cluster.masterUrl, {
      name: "refined",
      roles: ["web"],
      capabilities: ["MULTI_ROLE", "RESERVATION_REFINEMENT"],
    });
    await refined.subscribed();
    const [again] = await refined.offers();
    const refinedCpus = again.resources.find((r) => r.name === "cpus")!;
    assert.equal(Number(refinedCpus.scalar!.value), 1);
    assert.equal(refinedCpus.role, undefined);
    assert.deepEqual(
      (refinedCpus.reservations as { role: string }[]).map((r) => r.role),
      ["web"],
    );
  } finally {
    await other.close();
    await web.close();
    await refined?.close();
    await cluster.close();
  }
});

Deno.test("/state accounts used and offered resources per agent", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    resources: "cpus:4;mem:4096;disk:1024;ports:[31000-31010]",
    allocationIntervalMs: 100,
  });
  const fw = new TestFramework(cluster.masterUrl);
  try {
    await fw.subscribed();
    const [offer] = await fw.offers();
    let state = await (await fetch(`${cluster.masterUrl}/master/state`)).json();
    assert.equal(state.slaves[0].offered_resources.cpus, 4);
    await fw.client.call(launchCall([offer.id.value], [{
      name: "c",
      task_id: { value: "c" },
      agent_id: offer.agent_id,
      resources: [
        { name: "cpus", type: "SCALAR", scalar: { value: 1.5 } },
        { name: "mem", type: "SCALAR", scalar: { value: 512 } },
        { name: "ports", type: "RANGES", ranges: { range: [{ begin: "31005", end: "31005" }] } },
      ],
      command: { value: "sleep 300" },
    }], 0));
    await fw.waitState("c", "TASK_RUNNING");
    state = await (await fetch(`${cluster.masterUrl}/state`)).json();
    assert.equal(state.slaves[0].used_resources.cpus, 1.5);
    assert.equal(state.slaves[0].used_resources.mem, 512);
    assert.equal(state.slaves[0].used_resources.ports, "[31005-31005]");
    assert.equal(state.frameworks[0].tasks[0].state, "TASK_RUNNING");
    const [next] = await fw.offers();
    assert.equal(Number(next.resources.find((r) => r.name === "cpus")!.scalar!.value), 2.5);
    const ports = next.resources.find((r) => r.name === "ports")!.ranges!.range!;
    assert.deepEqual(ports.map((r) => [Number(r.begin), Number(r.end)]), [[31000, 31004], [
      31006,
      31010,
    ]]);
  } finally {
    await fw.close();
    await cluster.close();
  }
});

Deno.test("one ACCEPT cannot combine offers of two agents", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 2, allocationIntervalMs: 100 });
  const fw = new TestFramework(cluster.masterUrl);
  try {
    const fwId = await fw.subscribed();
    const [a, b] = await fw.offers(2);
    await fw.client.call(launchCall([a.id.value, b.id.value], [{
      name: "x",
      task_id: { value: "x" },
      agent_id: a.agent_id,
      resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
      command: { value: "true" },
    }]));
    const lost = await fw.waitState("x", "TASK_LOST");
    assert.equal(lost.reason, "REASON_INVALID_OFFERS");
    assert.match(String(lost.message), /single agent/);
    assert.equal(cluster.master.frameworks.get(fwId)!.tasks.size, 0);
  } finally {
    await fw.close();
    await cluster.close();
  }
});
