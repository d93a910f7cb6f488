import assert from "node:assert/strict";
import type { Endpoints } from "../../../core/api/types/endpoints.ts";
import type { Pod } from "../../../core/api/types/pod.ts";
import { isNotFound } from "../../../core/client/client_errors.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startControllerEnv } from "../../_helpers/controller_env.ts";

const PODS = { resource: "pods", namespace: "default" };
const SVCS = { resource: "services", namespace: "default" };
const EPS = { resource: "endpoints", namespace: "default" };

function pod(
  name: string,
  ports: Record<string, unknown>[],
  annotations?: Record<string, string>,
): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: "web" }, annotations },
    spec: { containers: [{ name: "c", image: "busybox", ports: ports as never }] },
  };
}

Deno.test("endpoints list ready and not-ready pods, by named port, host port or pod port", async () => {
  const env = await startControllerEnv();
  try {
    // a: declared hostPort → hostIP:hostPort; b: scheduler-mapped host port; c: podIP, not ready.
    await env.client.create(PODS, pod("a", [{ name: "http", containerPort: 80, hostPort: 31000 }]));
    await env.client.create(
      PODS,
      pod("b", [{ name: "http", containerPort: 8080 }], {
        "k8s.mesosphere.io/hostPorts": '{"8080/TCP":31005}',
      }),
    );
    await env.client.create(PODS, pod("c", [{ name: "http", containerPort: 9090 }]));
    await env.client.create(PODS, {
      ...pod("other", [{ name: "http", containerPort: 80 }]),
      metadata: { name: "other", labels: { app: "db" } },
    });
    await env.runPod("a", { hostIP: "192.168.1.10", podIP: "10.1.0.1" });
    await env.runPod("b", { hostIP: "192.168.1.11", podIP: "10.1.0.2" });
    await env.runPod("c", { hostIP: "192.168.1.12", podIP: "10.1.0.3", ready: false });
    await env.runPod("other", { podIP: "10.1.0.9" });
    await env.client.create(SVCS, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", labels: { tier: "front" } },
      spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
    });
    const ep = await waitFor(async () => {
      try {
        const e = await env.client.get<Endpoints>({ ...EPS, name: "web" });
        const n = (e.subsets ?? []).reduce(
          (k, s) => k + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0),
          0,
        );
        return n === 3 ? e : undefined;
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    }, { what: "endpoints of web with 3 addresses" });
    assert.equal(ep.metadata.labels?.tier, "front");
    const flat = (ep.subsets ?? []).flatMap((s) => [
      ...(s.addresses ?? []).map((a) => `ready ${a.ip}:${s.ports?.[0].port} ${a.targetRef?.name}`),
      ...(s.notReadyAddresses ?? []).map((a) =>
        `notready ${a.ip}:${s.ports?.[0].port} ${a.targetRef?.name}`
      ),
    ]).sort();
    assert.deepEqual(flat, [
      "notready 10.1.0.3:9090 c",
      "ready 192.168.1.10:31000 a",
      "ready 192.168.1.11:31005 b",
    ]);
    assert.ok((ep.subsets ?? []).every((s) => s.ports?.[0].name === "http"));
    // c becomes ready; a is deleted.
    await env.runPod("c", { hostIP: "192.168.1.12", podIP: "10.1.0.3", ready: true });
    await env.client.delete({ ...PODS, name: "a" });
    await waitFor(async () => {
      const e = await env.client.get<Endpoints>({ ...EPS, name: "web" });
      const ips = (e.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
      const notReady = (e.subsets ?? []).flatMap((s) => s.notReadyAddresses ?? []);
      return JSON.stringify(ips) === JSON.stringify(["10.1.0.3", "192.168.1.11"]) &&
        notReady.length === 0;
    }, { what: "c ready and a gone" });
    await env.client.delete({ ...SVCS, name: "web" });
    const gone = await waitFor(async () => {
      try {
        await env.client.get({ ...EPS, name: "web" });
        return false;
      } catch (e) {
        return isNotFound(e);
      }
    }, { what: "the endpoints deleted with the service" });
    assert.equal(gone, true);
  } finally {
    await env.stop();
  }
});

Deno.test("a service without a selector keeps the endpoints its user wrote", async () => {
  const env = await startControllerEnv();
  try {
    await env.client.create(SVCS, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "external" },
      spec: { ports: [{ port: 5432 }] },
    });
    await env.client.create(EPS, {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "external" },
      subsets: [{ addresses: [{ ip: "192.168.9.9" }], ports: [{ port: 5432 }] }],
    });
    // A labelled service created afterwards is synced; once it is, the first was seen too.
    await env.client.create(SVCS, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "marker" },
      spec: { selector: { app: "none" }, ports: [{ port: 1 }] },
    });
    await waitFor(() => env.client.get({ ...EPS, name: "marker" }), { what: "marker endpoints" });
    const e = await env.client.get<Endpoints>({ ...EPS, name: "external" });
    assert.equal(e.subsets?.[0].addresses?.[0].ip, "192.168.9.9");
  } finally {
    await env.stop();
  }
});
