import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startTestApiServer } from "../_helpers/apiserver.ts";
import { spawnK8sm as spawn } from "../_helpers/k8sm_child.ts";

Deno.test("k8sm controller-manager takes the seed's -master and -mesos_master and replicates", async () => {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  const hostPort = api.url.replace(/^http:\/\//, "");
  const cm = spawn([
    "controller-manager",
    `-master=${hostPort}`,
    "-mesos_master=127.0.0.1:5050",
    "--concurrent-rc-syncs=2",
    "--port=0",
    "-v=2",
  ]);
  try {
    await client.create({ resource: "replicationcontrollers", namespace: "default" }, {
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "cmd" },
      spec: {
        replicas: 3,
        selector: { app: "cmd" },
        template: {
          metadata: { labels: { app: "cmd" } },
          spec: { containers: [{ name: "c", image: "x" }] },
        },
      },
    });
    const pods = await waitFor(async () => {
      const l = await client.list<Pod>({ resource: "pods", namespace: "default" });
      return l.items.length === 3 ? l.items : undefined;
    }, { timeoutMs: 30_000, what: "3 pods from the controller-manager" });
    assert.ok(pods.every((p) => p.metadata.name?.startsWith("cmd-")));
  } finally {
    const code = await cm.interrupt();
    client.close();
    await api.stop();
    assert.equal(code, 0, cm.stderr());
    assert.match(cm.stderr(), /controllers running against http:\/\/127\.0\.0\.1:\d+/);
  }
});
