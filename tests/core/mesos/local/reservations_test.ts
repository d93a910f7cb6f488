/**
 * Issue 16 acceptance (roles and reservations): static reservations from agent resources
 * (`cpus(k8s):1`) are offered to a framework with role k8s and never to other roles; operator
 * RESERVE_RESOURCES / UNRESERVE_RESOURCES change an agent's reserved resources (shown in /slaves
 * and /roles; 202, 409 when nothing is left to unreserve); a framework's RESERVE offer operation
 * makes the next offer carry its dynamic reservation.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import { postJson, RawFramework, type RawOffer } from "./chunk_client.ts";

type Res = {
  name: string;
  role?: string;
  reservations?: { role: string; type: string }[];
  scalar?: { value: number };
};

const reservedFor = (o: RawOffer, role: string) =>
  (o.resources as Res[]).filter((r) => r.reservations?.some((x) => x.role === role));

Deno.test("static reservations go to their role only; operator and framework dynamic reservations", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    resources: "cpus:2;mem:512;cpus(k8s):1",
    allocationIntervalMs: 50,
  });
  const k8s = await RawFramework.subscribe(cluster.masterUrl, {
    name: "k8s",
    roles: ["k8s"],
    capabilities: [{ type: "MULTI_ROLE" }, { type: "RESERVATION_REFINEMENT" }],
  });
  const other = await RawFramework.subscribe(cluster.masterUrl, {
    name: "other",
    roles: ["web"],
    capabilities: [{ type: "MULTI_ROLE" }, { type: "RESERVATION_REFINEMENT" }],
  });
  const api = `${cluster.masterUrl}/api/v1`;
  const agentId = cluster.agents[0].id;
  try {
    const offer = await k8s.offer();
    assert.equal(reservedFor(offer, "k8s").reduce((n, r) => n + (r.scalar?.value ?? 0), 0), 1);
    assert.equal((offer.allocation_info as { role: string }).role, "k8s");
    // The framework reserves 0.5 of the unreserved cpus for k8s; its next offer shows it.
    const reserved = {
      name: "cpus",
      type: "SCALAR",
      scalar: { value: 0.5 },
      reservations: [{ type: "DYNAMIC", role: "k8s", principal: "fw" }],
      allocation_info: { role: "k8s" },
    };
    const acc = await k8s.call({
      type: "ACCEPT",
      accept: {
        offer_ids: [offer.id],
        operations: [{ type: "RESERVE", reserve: { resources: [reserved] } }],
        filters: { refuse_seconds: 0 },
      },
    });
    assert.equal(acc.status, 202, acc.text);
    const next = await waitFor(async () => {
      const o = await k8s.offer();
      return (o.resources as Res[]).some((r) =>
          r.reservations?.some((x) => x.type === "DYNAMIC" && x.role === "k8s")
        )
        ? o
        : undefined;
    }, { what: "an offer with the dynamic reservation" });
    assert.ok(next);
    await k8s.call({ type: "DECLINE", decline: { offer_ids: [next.id] } });

    const webOffers = await waitFor(() => {
      const all = other.stream.ofType("OFFERS").flatMap((e) =>
        (e.offers as { offers: RawOffer[] }).offers
      );
      return all.length > 0 ? all : undefined;
    }, { what: "offers to role web" });
    for (const o of webOffers) assert.deepEqual(reservedFor(o, "k8s"), [], "no k8s resources");

    const mem = {
      name: "mem",
      type: "SCALAR",
      scalar: { value: 128 },
      reservations: [{ type: "DYNAMIC", role: "ops", principal: "op" }],
    };
    const res = await postJson(api, {
      type: "RESERVE_RESOURCES",
      reserve_resources: { agent_id: { value: agentId }, resources: [mem] },
    });
    assert.equal(res.status, 202, res.text);
    const slaves = await (await fetch(`${cluster.masterUrl}/master/slaves`)).json();
    assert.equal(slaves.slaves[0].reserved_resources.ops.mem, 128);
    assert.equal(slaves.slaves[0].reserved_resources.k8s.cpus, 1.5);
    const roles = (await (await fetch(`${cluster.masterUrl}/roles`)).json()).roles;
    assert.deepEqual(roles.map((r: { name: string }) => r.name), ["k8s", "ops", "web"]);
    assert.equal(roles[0].reserved.cpus, 1.5);
    assert.deepEqual(roles[0].frameworks, [k8s.id]);
    const un = await postJson(api, {
      type: "UNRESERVE_RESOURCES",
      unreserve_resources: { agent_id: { value: agentId }, resources: [mem] },
    });
    assert.equal(un.status, 202, un.text);
    const again = await postJson(api, {
      type: "UNRESERVE_RESOURCES",
      unreserve_resources: { agent_id: { value: agentId }, resources: [mem] },
    });
    assert.equal(again.status, 409, "nothing left to unreserve");
    const bad = await postJson(api, {
      type: "RESERVE_RESOURCES",
      reserve_resources: {
        agent_id: { value: agentId },
        resources: [{ ...mem, allocation_info: { role: "ops" } }],
      },
    });
    assert.equal(bad.status, 400);
  } finally {
    await k8s.stream.close();
    await other.stream.close();
    await cluster.close();
  }
});
