/** `k8sm apply -f`: server-side apply as field manager k8sm, conflicts, --force-conflicts. */
import assert from "node:assert/strict";
import { jsonBody, startTestApiServer } from "../_helpers/apiserver.ts";
import { runK8sm } from "./cli_runner.ts";
import { manifestDir } from "./cluster_state.ts";

const rc = (label: string, port: number) =>
  `apiVersion: v1
kind: ReplicationController
metadata:
  name: web
  labels: {tier: ${label}}
spec:
  replicas: 1
  selector: {app: web}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: main
        image: busybox
        ports: [{containerPort: ${port}}]
`;

Deno.test("k8sm apply: creates, updates, reports conflicts, and takes fields with --force-conflicts", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "v1.yaml": rc("front", 8080), "v2.yaml": rc("edge", 9090) });
  const path = "/api/v1/namespaces/default/replicationcontrollers/web";
  try {
    const env = { KUBERNETES_MASTER: s.url };
    const first = await runK8sm(["apply", "-f", `${dir}/v1.yaml`], env);
    assert.equal(first.stderr, "");
    assert.equal(first.stdout, "replicationcontroller/web serverside-applied\n");
    const created = (await s.json(path)).body as {
      metadata: { managedFields: { manager: string }[] };
    };
    assert.ok(created.metadata.managedFields.some((m) => m.manager === "k8sm"));

    const second = await runK8sm(["apply", "-f", `${dir}/v2.yaml`], env);
    assert.equal(second.stderr, "");
    assert.equal(second.stdout, "replicationcontroller/web serverside-applied\n");
    const updated = (await s.json(path)).body as {
      metadata: { labels: Record<string, string> };
      spec: { template: { spec: { containers: { ports: { containerPort: number }[] }[] } } };
    };
    assert.deepEqual(updated.metadata.labels, { tier: "edge" });
    assert.deepEqual(updated.spec.template.spec.containers[0].ports.map((p) => p.containerPort), [
      9090,
    ]);

    // Another manager takes the label; applying ours again conflicts until forced.
    const other = await s.json(
      `${path}?fieldManager=other&force=true`,
      jsonBody(
        "PATCH",
        {
          apiVersion: "v1",
          kind: "ReplicationController",
          metadata: { name: "web", labels: { tier: "theirs" } },
        },
        "application/apply-patch+yaml",
      ),
    );
    assert.equal(other.status, 200, JSON.stringify(other.body));
    const conflict = await runK8sm(["apply", "-f", `${dir}/v2.yaml`], env);
    assert.equal(conflict.code, 1);
    assert.match(
      conflict.stderr,
      /^error: Apply failed with 1 conflict: \.metadata\.labels\.tier \(.*"other".*\); rerun with --force-conflicts/,
    );
    const forced = await runK8sm(["apply", "-f", `${dir}/v2.yaml`, "--force-conflicts"], env);
    assert.equal(forced.code, 0, forced.stderr);
    const after = (await s.json(path)).body as { metadata: { labels: Record<string, string> } };
    assert.deepEqual(after.metadata.labels, { tier: "edge" });
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});
