/**
 * The endpoints controller writes EndpointSlices next to Endpoints: one per port set, labelled
 * with the Service's name and owned by it, ready and not-ready pods with their conditions;
 * the slices go when the Service does.
 */
import assert from "node:assert/strict";
import type { EndpointSlice } from "../../../core/api/types/endpoint_slice.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startControllerEnv } from "../../_helpers/controller_env.ts";

const SLICES = {
  resource: "endpointslices",
  namespace: "default",
  groupVersion: "discovery.k8s.io/v1",
};

Deno.test("endpoint slices follow the Service's ready and not-ready pods", async () => {
  const env = await startControllerEnv();
  try {
    const svc = await env.client.create({ resource: "services", namespace: "default" }, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    });
    for (const name of ["a", "b"]) {
      await env.client.create({ resource: "pods", namespace: "default" }, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, labels: { app: "web" } },
        spec: {
          containers: [{ name: "main", image: "busybox", ports: [{ containerPort: 8080 }] }],
        },
      });
    }
    await env.runPod("a", { podIP: "10.1.0.1" });
    await env.runPod("b", { podIP: "10.1.0.2", ready: false });
    const slice = await waitFor(async () => {
      const items = (await env.client.list<EndpointSlice>(SLICES, {
        labelSelector: "kubernetes.io/service-name=web",
      })).items;
      return items.length === 1 && items[0].endpoints.length === 2 ? items[0] : undefined;
    }, { what: "a slice with two endpoints" });
    assert.equal(slice.addressType, "IPv4");
    assert.deepEqual(slice.ports, [{ name: "http", protocol: "TCP", port: 8080 }]);
    assert.equal(slice.metadata.ownerReferences?.[0].uid, svc.metadata.uid);
    const byIp = Object.fromEntries(slice.endpoints.map((e) => [e.addresses[0], e.conditions]));
    assert.deepEqual(byIp["10.1.0.1"], { ready: true, serving: true, terminating: false });
    assert.deepEqual(byIp["10.1.0.2"], { ready: false, serving: false, terminating: false });

    await env.client.delete({ resource: "services", namespace: "default", name: "web" });
    await waitFor(async () => (await env.client.list(SLICES)).items.length === 0, {
      what: "the slices deleted with the Service",
    });
  } finally {
    await env.stop();
  }
});
