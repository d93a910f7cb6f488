import assert from "node:assert/strict";
import { StatusReporter } from "../../../core/executor/status_reporter.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import type { Pod } from "../../../core/api/types/pod.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer, testPod } from "../../_helpers/apiserver.ts";

Deno.test("StatusReporter writes pods/status, coalesces bursts, drops deleted pods", async () => {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  const reporter = new StatusReporter(client);
  try {
    const pod = await client.create<Pod>({ resource: "pods", namespace: "default" }, testPod("s1"));
    const key = { namespace: "default", name: "s1", uid: pod.metadata.uid! };
    for (let i = 0; i < 50; i++) {
      reporter.report(key, {
        phase: "Running",
        podIP: `10.0.0.${i}`,
        message: i ? undefined : "x",
      });
    }
    await reporter.flush(10_000);
    const got = await client.get<Pod>({ resource: "pods", namespace: "default", name: "s1" });
    assert.equal(got.status?.podIP, "10.0.0.49", "the newest status wins");
    assert.equal(got.status?.phase, "Running");
    assert.equal(got.status?.message, undefined, "fields the executor no longer sets are cleared");
    assert.ok(reporter.written < 50, `bursts are coalesced (${reporter.written} writes)`);
    reporter.report({ ...key, name: "gone" }, { phase: "Running" });
    await reporter.flush(10_000);
    await client.delete({ resource: "pods", namespace: "default", name: "s1" });
    await client.create({ resource: "pods", namespace: "default" }, testPod("s1"));
    const written = reporter.written;
    reporter.report(key, { phase: "Failed" });
    await reporter.flush(10_000);
    const other = await client.get<Pod>({ resource: "pods", namespace: "default", name: "s1" });
    assert.equal(other.status?.phase, "Pending", "a new pod of the same name keeps its own status");
    assert.equal(reporter.written, written);
  } finally {
    await reporter.close();
    client.close();
    await api.stop();
  }
});

Deno.test("StatusReporter.finalize completes a graceful deletion once containers are gone", async () => {
  const api = await startTestApiServer("memory", { gracefulPodDeletion: true });
  const client = new RestClient({ server: api.url });
  const reporter = new StatusReporter(client);
  try {
    const pod = await client.create<Pod>({ resource: "pods", namespace: "default" }, {
      ...testPod("g1"),
      spec: { nodeName: "n1", containers: [{ name: "main", image: "busybox" }] },
    });
    reporter.report({ namespace: "default", name: "g1", uid: pod.metadata.uid! }, {
      phase: "Running",
    });
    await reporter.flush(10_000);
    await client.delete({ resource: "pods", namespace: "default", name: "g1" });
    const marked = await client.get<Pod>({ resource: "pods", namespace: "default", name: "g1" });
    assert.ok(marked.metadata.deletionTimestamp, "a running bound pod is only marked");
    reporter.finalize({ namespace: "default", name: "g1", uid: pod.metadata.uid! });
    await waitFor(async () => {
      const res = await api.fetch("/api/v1/namespaces/default/pods/g1");
      await res.body?.cancel();
      return res.status === 404;
    }, { what: "pod g1 deleted" });
  } finally {
    await reporter.close();
    client.close();
    await api.stop();
  }
});

Deno.test("StatusReporter.holdUntil: a pod shows Running only once the Node is published; Pending is not held", async () => {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  const reporter = new StatusReporter(client);
  const published = Promise.withResolvers<void>();
  reporter.holdUntil(published.promise, 60_000);
  const ref = { resource: "pods", namespace: "default", name: "h1" };
  try {
    const pod = await client.create<Pod>({ resource: "pods", namespace: "default" }, testPod("h1"));
    const key = { namespace: "default", name: "h1", uid: pod.metadata.uid! };
    reporter.report(key, { phase: "Pending", message: "starting" });
    await waitFor(async () => (await client.get<Pod>(ref)).status?.message === "starting", {
      what: "the Pending status written while the Node is not published",
    });
    reporter.report(key, { phase: "Running" });
    const before = reporter.written;
    // Pending went through; Running waits for the gate (its write is not even attempted).
    assert.equal((await client.get<Pod>(ref)).status?.phase, "Pending");
    assert.equal(reporter.written, before);
    published.resolve();
    await waitFor(async () => (await client.get<Pod>(ref)).status?.phase === "Running", {
      what: "Running written once the Node is published",
    });
  } finally {
    await reporter.close();
    client.close();
    await api.stop();
  }
});
