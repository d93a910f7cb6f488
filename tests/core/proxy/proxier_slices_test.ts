/**
 * The proxy reads a Service's EndpointSlices when it has some (as kube-proxy does) and its
 * Endpoints otherwise: a slice's ready endpoints replace the Endpoints' backends, a not-ready
 * one is skipped, and removing the slices falls back to the Endpoints.
 */
import assert from "node:assert/strict";
import { RestClient } from "../../../core/client/rest_client.ts";
import { Proxier } from "../../../core/proxy/proxier.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer } from "../../_helpers/apiserver.ts";
import { freePortRange } from "../../_helpers/ports.ts";

const SLICES = {
  resource: "endpointslices",
  namespace: "default",
  groupVersion: "discovery.k8s.io/v1",
};

function backend(name: string) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const served = (async () => {
    for await (const conn of listener) {
      conn.write(new TextEncoder().encode(name)).then(() => conn.close()).catch(() => {});
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    async close() {
      listener.close();
      await served.catch(() => {});
    },
  };
}

async function ask(port: number): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  return await new Response(conn.readable).text();
}

Deno.test("proxier: EndpointSlices win over Endpoints; without slices the Endpoints serve", async () => {
  const a = backend("a"), b = backend("b");
  const api = await startTestApiServer("memory", { nodePortRange: freePortRange(5).text });
  const client = new RestClient({ server: api.url });
  const proxier = new Proxier({
    api: { server: api.url },
    mode: "userspace",
    bindAddress: "127.0.0.1",
  });
  try {
    await proxier.start();
    await client.create({ resource: "services", namespace: "default" }, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: { ports: [{ name: "tcp", port: 80, targetPort: 8080 }] },
    });
    await client.create({ resource: "endpoints", namespace: "default" }, {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "web" },
      subsets: [{ addresses: [{ ip: "127.0.0.1" }], ports: [{ name: "tcp", port: a.port }] }],
    });
    const p = await waitFor(() => {
      const x = proxier.port("default/web");
      return x?.endpoints.length === 1 ? x : undefined;
    }, { what: "web proxied to the Endpoints' backend" });
    assert.equal(await ask(p.port), "a");
    await client.create(SLICES, {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "web-1", labels: { "kubernetes.io/service-name": "web" } },
      addressType: "IPv4",
      endpoints: [
        { addresses: ["127.0.0.1"], conditions: { ready: true } },
        { addresses: ["127.0.0.2"], conditions: { ready: false } },
      ],
      ports: [{ name: "tcp", protocol: "TCP", port: b.port }],
    });
    await waitFor(() => proxier.port("default/web")?.endpoints[0]?.port === b.port, {
      what: "the slice's backend",
    });
    assert.equal(proxier.port("default/web")?.endpoints.length, 1, "the not-ready one skipped");
    for (let i = 0; i < 3; i++) assert.equal(await ask(p.port), "b");
    await client.delete({ ...SLICES, name: "web-1" });
    await waitFor(() => proxier.port("default/web")?.endpoints[0]?.port === a.port, {
      what: "back to the Endpoints",
    });
  } finally {
    await proxier.stop();
    client.close();
    await api.stop();
    await a.close();
    await b.close();
  }
});
