import assert from "node:assert/strict";
import { startLogServer } from "../../../core/executor/log_server.ts";
import { ProcessRuntime } from "../../../core/executor/runtimes/process_runtime.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import type { Pod } from "../../../core/api/types/pod.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer } from "../../_helpers/apiserver.ts";

Deno.test("pods/log proxies to the executor published on the pod's Node", async () => {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  const root = await Deno.makeTempDir({ prefix: "k8sm-logproxy-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  const server = await startLogServer({ runtime, port: 0 });
  let uid = "";
  try {
    const pod = await client.create<Pod>({ resource: "pods", namespace: "default" }, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "chatty" },
      spec: {
        nodeName: "agent-9",
        containers: [{ name: "a", image: "x" }, { name: "b", image: "x" }],
      },
    });
    uid = pod.metadata.uid!;
    const path = "/api/v1/namespaces/default/pods/chatty/log";
    const noNode = await api.json(`${path}?container=a`);
    assert.equal(noNode.status, 400);
    assert.match(String(noNode.body.message), /node agent-9, which is not registered/);
    await client.create({ resource: "nodes" }, {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "agent-9" },
      spec: { providerID: "mesos://agent-9-id" },
      status: {
        addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
        daemonEndpoints: { kubeletEndpoint: { Port: server.port } },
      },
    });
    const which = await api.json(path);
    assert.equal(which.status, 400);
    assert.match(String(which.body.message), /a container name must be specified.*\[a b\]/);
    await runtime.ensureSandbox(pod, {});
    await runtime.startContainer(pod, {
      name: "b",
      command: ["sh", "-c", "echo first; while true; do echo more; sleep 0.2; done"],
    }, {});
    const text = await waitFor(async () => {
      const res = await api.fetch(`${path}?container=b`);
      const t = await res.text();
      return res.status === 200 && t.startsWith("first\n") ? t : undefined;
    }, { what: "logs through the apiserver" });
    assert.match(text, /^first\n/);
    const follow = await api.fetch(`${path}?container=b&follow=true&tailLines=1`);
    assert.equal(follow.status, 200);
    assert.match(follow.headers.get("content-type") ?? "", /text\/plain/);
    const reader = follow.body!.getReader();
    let got = "";
    while ((got.match(/more/g) ?? []).length < 3) {
      const r = await reader.read();
      assert.ok(!r.done, "the followed stream stays open");
      got += new TextDecoder().decode(r.value);
    }
    await reader.cancel();
    const gone = await api.json(`${path}?container=a`);
    assert.equal(gone.status, 404, "the executor's 404 comes back as NotFound");
  } finally {
    await server.close();
    if (uid) await runtime.removeSandbox(uid, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
    client.close();
    await api.stop();
  }
});

Deno.test("pods/log never dials a Node that is no registered Mesos agent", async () => {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  // A plain HTTP service the apiserver must never be made to fetch from.
  let hits = 0;
  const secret = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
    hits++;
    return new Response("internal secret");
  });
  try {
    await client.create<Pod>({ resource: "pods", namespace: "default" }, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: { nodeName: "rogue", containers: [{ name: "a", image: "x" }] },
    });
    await client.create({ resource: "nodes" }, {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "rogue" },
      status: {
        addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
        daemonEndpoints: { kubeletEndpoint: { Port: secret.addr.port } },
      },
    });
    const r = await api.json("/api/v1/namespaces/default/pods/p/log");
    assert.equal(r.status, 400);
    assert.match(String(r.body.message), /not a Mesos agent registered by the k8sm scheduler/);
    assert.equal(hits, 0, "the service behind the forged address was never contacted");
  } finally {
    await secret.shutdown();
    client.close();
    await api.stop();
  }
});
