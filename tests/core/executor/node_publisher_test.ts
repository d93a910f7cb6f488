import assert from "node:assert/strict";
import { NodePublisher } from "../../../core/executor/node_publisher.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import type { Node } from "../../../core/api/types/node.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer } from "../../_helpers/apiserver.ts";

Deno.test("NodePublisher waits for the Node, patches only the kubelet port, and restores it", async () => {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  const pub = new NodePublisher({
    client,
    nodeName: "agent-1",
    port: 41234,
    retryMs: 50,
    recheckMs: 50,
  });
  try {
    const nodes = { resource: "nodes", name: "agent-1" };
    await client.create({ resource: "nodes" }, {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "agent-1", labels: { a: "b" } },
      status: { addresses: [{ type: "InternalIP", address: "192.0.2.7" }], capacity: { cpu: "2" } },
    });
    const port = () =>
      client.get<Node>(nodes).then((n) => n.status?.daemonEndpoints?.kubeletEndpoint?.Port);
    await waitFor(async () => (await port()) === 41234, { what: "port published" });
    const node = await client.get<Node>(nodes);
    assert.equal(node.status?.addresses?.[0].address, "192.0.2.7", "other status fields stay");
    assert.equal(node.status?.capacity?.cpu, "2");
    assert.equal(node.metadata.labels?.a, "b");
    await client.patch(
      { ...nodes, subresource: "status" },
      { status: { daemonEndpoints: { kubeletEndpoint: { Port: 1 } } } },
      "merge",
    );
    await waitFor(async () => (await port()) === 41234, { what: "port restored" });
    assert.ok(pub.published);
  } finally {
    await pub.close();
    client.close();
    await api.stop();
  }
});
