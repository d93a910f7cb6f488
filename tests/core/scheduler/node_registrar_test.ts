/**
 * Node readiness from executor heartbeats over a real apiserver: a Node registered from offers
 * is Ready; once its Lease in kube-node-lease lapses (no renewal for the grace) it becomes
 * NotReady (NodeLeaseExpired) although offers keep coming, and Ready again when the executor
 * renews the Lease. A node whose executor never wrote a Lease follows offers only.
 */
import assert from "node:assert/strict";
import { NodeRegistrar } from "../../../core/scheduler/node_registrar.ts";
import { NodeLease } from "../../../core/executor/node_lease.ts";
import type { MesosOffer } from "../../../core/scheduler/offer_cache.ts";
import type { Node } from "../../../core/api/types/node.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer } from "../../_helpers/apiserver.ts";

function offer(host: string, agent: string): MesosOffer {
  return {
    id: { value: `o-${crypto.randomUUID()}` },
    agent_id: { value: agent },
    hostname: host,
    resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 2 } }],
  };
}

Deno.test("a Node goes NotReady when its Lease lapses, and Ready again when renewed", async () => {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  const registrar = new NodeRegistrar(client, undefined, 30_000, 400);
  let lease: NodeLease | undefined;
  const ready = async (name: string) => {
    const node = await client.get<Node>({ resource: "nodes", name }).catch(() => undefined);
    return node?.status?.conditions?.find((c) => c.type === "Ready");
  };
  try {
    registrar.observeOffer(offer("node-a", "agent-a"));
    registrar.observeOffer(offer("node-b", "agent-b"));
    await waitFor(async () => (await ready("node-a"))?.status === "True", {
      what: "node-a Ready from offers",
    });
    lease = new NodeLease({ client, nodeName: "node-a", renewIntervalMs: 50 });
    await waitFor(() => {
      registrar.checkLeases();
      return registrar.agents().length === 2;
    }, { what: "both nodes usable while the Lease is renewed" });

    await lease.close();
    const lapsed = await waitFor(async () => {
      registrar.observeOffer(offer("node-a", "agent-a"));
      registrar.checkLeases();
      const c = await ready("node-a");
      return c?.status === "False" ? c : undefined;
    }, { what: "node-a NotReady after its Lease lapsed" });
    assert.equal(lapsed.reason, "NodeLeaseExpired");
    assert.deepEqual(registrar.agents().map((a) => a.hostname), ["node-b"]);
    assert.equal((await ready("node-b"))?.status, "True", "no Lease: offers decide");

    lease = new NodeLease({ client, nodeName: "node-a", renewIntervalMs: 50 });
    const back = await waitFor(async () => {
      registrar.checkLeases();
      const c = await ready("node-a");
      return c?.status === "True" ? c : undefined;
    }, { what: "node-a Ready again once the Lease is renewed" });
    assert.equal(back.reason, "NodeLeaseRenewed");
  } finally {
    await lease?.close();
    await registrar.flush();
    client.close();
    await api.stop();
  }
});
