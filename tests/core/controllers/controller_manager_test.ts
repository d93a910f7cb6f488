import assert from "node:assert/strict";
import { startControllerManager } from "../../../core/controllers/controller_manager.ts";
import type { Pod } from "../../../core/api/types/pod.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer } from "../../_helpers/apiserver.ts";

Deno.test("with --leader-elect only one controller-manager acts; the standby takes over", async () => {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  const opts = { api: { server: api.url }, leaderElect: true, leaseDurationMs: 1500 };
  const first = startControllerManager(opts);
  let second: ReturnType<typeof startControllerManager> | undefined;
  try {
    await first.leading;
    second = startControllerManager(opts);
    let secondLeads = false;
    second.leading.then(() => secondLeads = true);
    await client.create({ resource: "replicationcontrollers", namespace: "default" }, {
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "le" },
      spec: {
        replicas: 2,
        selector: { app: "le" },
        template: {
          metadata: { labels: { app: "le" } },
          spec: { containers: [{ name: "c", image: "x" }] },
        },
      },
    });
    await waitFor(async () => {
      const l = await client.list<Pod>({ resource: "pods", namespace: "default" });
      return l.items.length === 2;
    }, { what: "2 pods from the leader" });
    assert.equal(secondLeads, false);
    await first.close();
    await second.leading;
    assert.equal(secondLeads, true);
    await client.delete({
      resource: "pods",
      namespace: "default",
      name:
        (await client.list<Pod>({ resource: "pods", namespace: "default" })).items[0].metadata.name,
    });
    await waitFor(async () => {
      const l = await client.list<Pod>({ resource: "pods", namespace: "default" });
      return l.items.length === 2;
    }, { what: "the new leader replacing a deleted pod" });
  } finally {
    await first.close();
    await second?.close();
    client.close();
    await api.stop();
  }
});
