/** `k8sm describe` of a pod (with its events), an rc and a service. */
import assert from "node:assert/strict";
import { jsonBody, startTestApiServer } from "../_helpers/apiserver.ts";
import { assertGolden, normalize, runK8sm } from "./cli_runner.ts";
import { makeRunning, manifestDir, recordEvent, WEB_MANIFESTS } from "./cluster_state.ts";

Deno.test("k8sm describe pod shows its sections and events; rc and svc describe too", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "web.yaml": WEB_MANIFESTS });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    assert.equal((await runK8sm(["create", "-f", `${dir}/web.yaml`], env)).code, 0);
    await makeRunning(s, "nginx", "agent-1", "10.1.0.5");
    await recordEvent(
      s,
      "Pod",
      "pods",
      "nginx",
      "Scheduled",
      "Successfully assigned default/nginx to agent-1",
    );

    const pod = await runK8sm(["describe", "pod", "nginx"], env);
    assert.equal(pod.code, 0, pod.stderr);
    await assertGolden("describe_pod.txt", normalize(pod.stdout));

    const rc = await runK8sm(["describe", "rc", "nginx-controller"], env);
    assert.equal(rc.code, 0, rc.stderr);
    assert.match(rc.stdout, /^Replicas:\s+\d+ current \/ 2 desired$/m);
    assert.match(rc.stdout, /^Selector:\s+name=nginx$/m);

    const missing = await runK8sm(["describe", "svc", "nope"], env);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `error: services "nope" not found\n`);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});

Deno.test("k8sm describe node lists conditions, addresses, capacity and its pods; get nodes shows it Ready", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "web.yaml": WEB_MANIFESTS });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    const node = {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "agent-1", labels: { "kubernetes.io/hostname": "agent-1" } },
      status: {
        capacity: { cpu: "4", memory: "8Gi", pods: "110" },
        allocatable: { cpu: "4", memory: "8Gi", pods: "110" },
        conditions: [{
          type: "Ready",
          status: "True",
          reason: "AgentOffered",
          message: "agent is offered",
        }],
        addresses: [{ type: "InternalIP", address: "10.0.0.7" }, {
          type: "Hostname",
          address: "agent-1",
        }],
      },
    };
    const created = await s.json("/api/v1/nodes", jsonBody("POST", node));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    // Status is a subresource: write it the way a kubelet would.
    const stored = created.body;
    stored.status = node.status;
    await s.json("/api/v1/nodes/agent-1/status", jsonBody("PUT", stored));
    assert.equal((await runK8sm(["create", "-f", `${dir}/web.yaml`], env)).code, 0);
    await makeRunning(s, "nginx", "agent-1", "10.1.0.5");

    const d = await runK8sm(["describe", "node", "agent-1"], env);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /^Name:\s+agent-1$/m);
    assert.match(d.stdout, /^Addresses:\n {2}InternalIP:\s+10\.0\.0\.7\n {2}Hostname:\s+agent-1$/m);
    assert.match(d.stdout, /^ {2}Ready\s+True\s+\S*\s*AgentOffered\s+agent is offered$/m);
    assert.match(d.stdout, /^Non-terminated Pods:\s+\(1 in total\)$/m);
    assert.match(d.stdout, /^ {2}default\s+nginx\s+Running\s+\S+$/m);

    const get = await runK8sm(["get", "minions"], env);
    assert.match(get.stdout, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\nagent-1\s+Ready\s/);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});
