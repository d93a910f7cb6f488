/**
 * The executor's node heartbeat over a real apiserver: NodeLease creates the node's Lease in
 * kube-node-lease (holder = node, 40 s duration) and keeps renewing it; once closed it stops.
 */
import assert from "node:assert/strict";
import { NodeLease } from "../../../core/executor/node_lease.ts";
import type { Lease } from "../../../core/api/groups/leases.ts";
import { type RequestOptions, RestClient } from "../../../core/client/rest_client.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer } from "../../_helpers/apiserver.ts";

const REF = {
  resource: "leases",
  namespace: "kube-node-lease",
  name: "agent-1",
  groupVersion: "coordination.k8s.io/v1",
};

Deno.test("NodeLease creates its node's Lease and renews it until closed", async () => {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  const lease = new NodeLease({ client, nodeName: "agent-1", renewIntervalMs: 50 });
  try {
    const first = await waitFor(() => client.get<Lease>(REF).catch(() => undefined), {
      what: "the node Lease to be created",
    });
    assert.equal(first.spec?.holderIdentity, "agent-1");
    assert.equal(first.spec?.leaseDurationSeconds, 40);
    assert.match(first.spec?.renewTime ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const renewed = await waitFor(async () => {
      const now = await client.get<Lease>(REF);
      return now.spec?.renewTime !== first.spec?.renewTime ? now : undefined;
    }, { what: "the Lease to be renewed" });
    assert.ok(Date.parse(renewed.spec!.renewTime!) > Date.parse(first.spec!.renewTime!));
    assert.equal(renewed.spec?.acquireTime, first.spec?.acquireTime, "acquired once");

    await lease.close();
    const after = (await client.get<Lease>(REF)).metadata.resourceVersion;
    const table = await api.json("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases");
    assert.equal(table.status, 200);
    await lease.renew();
    assert.notEqual((await client.get<Lease>(REF)).metadata.resourceVersion, after);
  } finally {
    await lease.close();
    client.close();
    await api.stop();
  }
});

/** A client that records the method of every request it sends. */
class CountingClient extends RestClient {
  methods: string[] = [];
  override requestJson<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
    this.methods.push(method);
    return super.requestJson<T>(method, path, opts);
  }
}

Deno.test("a renewal is one PUT once the Lease is known; a conflict or a deletion reads it again", async () => {
  const api = await startTestApiServer("memory");
  const client = new CountingClient({ server: api.url });
  const other = new RestClient({ server: api.url });
  const lease = new NodeLease({ client, nodeName: "agent-1", renewIntervalMs: 3_600_000 });
  try {
    await waitFor(() => other.get<Lease>(REF).catch(() => undefined), { what: "the Lease" });
    await lease.close(); // no more timed beats: each renewal below is an explicit one
    assert.deepEqual(client.methods, ["GET", "POST"], "the first beat reads, then creates");

    client.methods = [];
    await lease.renew();
    assert.deepEqual(client.methods, ["PUT"]);

    // Another writer moved the resourceVersion on: the PUT conflicts, the Lease is read again.
    const stored = await other.get<Lease>(REF);
    await other.update<Lease>(REF, {
      ...stored,
      spec: { ...stored.spec, leaseDurationSeconds: 41 },
    });
    client.methods = [];
    const before = (await other.get<Lease>(REF)).spec?.renewTime;
    await lease.renew();
    assert.deepEqual(client.methods, ["PUT", "GET", "PUT"]);
    const renewed = await other.get<Lease>(REF);
    assert.equal(renewed.spec?.holderIdentity, "agent-1");
    assert.ok(Date.parse(renewed.spec!.renewTime!) > Date.parse(before!));

    // Deleted: the PUT finds nothing, the GET neither, so it is created again.
    await other.delete(REF);
    client.methods = [];
    await lease.renew();
    assert.deepEqual(client.methods, ["PUT", "GET", "POST"]);
    assert.equal((await other.get<Lease>(REF)).spec?.holderIdentity, "agent-1");
  } finally {
    await lease.close();
    client.close();
    other.close();
    await api.stop();
  }
});

Deno.test("the apiserver refuses a Lease with a non-positive duration", async () => {
  const api = await startTestApiServer("memory");
  try {
    const res = await api.json("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name: "n" },
        spec: { holderIdentity: "n", leaseDurationSeconds: 0 },
      }),
    });
    assert.equal(res.status, 422);
    assert.match(JSON.stringify(res.body), /spec\.leaseDurationSeconds/);
  } finally {
    await api.stop();
  }
});
