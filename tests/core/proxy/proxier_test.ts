import assert from "node:assert/strict";
import type { Service } from "../../../core/api/types/service.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import { Proxier, proxyPortAnnotation } from "../../../core/proxy/proxier.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer, type TestApiServer } from "../../_helpers/apiserver.ts";
import { freePort, freePortRange } from "../../_helpers/ports.ts";

/** A TCP backend that answers every connection with its name and closes. */
function backend(name: string) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const served = (async () => {
    for await (const conn of listener) {
      conn.write(new TextEncoder().encode(name)).then(() => conn.close()).catch(() => {});
    }
  })();
  return {
    name,
    port: (listener.addr as Deno.NetAddr).port,
    async close() {
      listener.close();
      await served.catch(() => {});
    },
  };
}

/** Connects to host:port and reads everything until the peer closes. */
async function ask(port: number, hostname = "127.0.0.1"): Promise<string> {
  const conn = await Deno.connect({ hostname, port });
  const chunks: string[] = [];
  const buf = new Uint8Array(256);
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) break;
    chunks.push(new TextDecoder().decode(buf.subarray(0, n)));
  }
  conn.close();
  return chunks.join("");
}

async function setEndpoints(client: RestClient, name: string, ports: number[]): Promise<void> {
  const ref = { resource: "endpoints", namespace: "default", name };
  const body = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name },
    subsets: ports.map((port) => ({
      addresses: [{ ip: "127.0.0.1" }],
      ports: [{ name: "tcp", port }],
    })),
  };
  try {
    const cur = await client.get(ref);
    await client.update(ref, {
      ...body,
      metadata: { ...body.metadata, resourceVersion: cur.metadata.resourceVersion },
    });
  } catch {
    await client.create(ref, body);
  }
}

/** NodePorts of these tests: a free block outside the kernel's ephemeral range. */
const nodePorts = freePortRange(20);

async function withProxy(
  fn: (t: { api: TestApiServer; client: RestClient; proxier: Proxier }) => Promise<void>,
  mode: "userspace" | "iptables" = "userspace",
  chain?: string,
  loopbackPortalNet = mode === "iptables",
): Promise<void> {
  // iptables mode uses a loopback service network: should a redirect be missing, the test's
  // connections to clusterIPs still never leave this machine.
  const api = await startTestApiServer("memory", {
    nodePortRange: nodePorts.text,
    ...(loopbackPortalNet ? { portalNet: "127.10.10.0/24" } : {}),
  });
  const client = new RestClient({ server: api.url });
  const proxier = new Proxier({
    api: { server: api.url },
    mode,
    bindAddress: mode === "iptables" ? "0.0.0.0" : "127.0.0.1",
    iptablesChain: chain,
  });
  try {
    await proxier.start();
    await fn({ api, client, proxier });
  } finally {
    await proxier.stop();
    client.close();
    await api.stop();
  }
}

function service(name: string, extra: Partial<Service["spec"]> = {}): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name },
    spec: { ports: [{ name: "tcp", port: 80, targetPort: 8080 }], ...extra },
  };
}

Deno.test("proxier balances round robin, records its port and follows endpoint changes", async () => {
  const a = backend("a"), b = backend("b");
  try {
    await withProxy(async ({ client, proxier }) => {
      await client.create({ resource: "services", namespace: "default" }, service("web"));
      await setEndpoints(client, "web", [a.port, b.port]);
      const p = await waitFor(() => {
        const x = proxier.port("default/web");
        return x && x.endpoints.length === 2 ? x : undefined;
      }, { what: "web proxied with 2 endpoints" });
      const answers = [];
      for (let i = 0; i < 10; i++) answers.push(await ask(p.port));
      assert.equal(answers.filter((x) => x === "a").length, 5);
      assert.equal(answers.filter((x) => x === "b").length, 5);
      const svc = await waitFor(async () => {
        const s = await client.get<Service>({
          resource: "services",
          namespace: "default",
          name: "web",
        });
        return s.metadata.annotations?.[proxyPortAnnotation({ name: "tcp", port: 80 })]
          ? s
          : undefined;
      }, { what: "the proxy port annotation" });
      assert.equal(svc.metadata.annotations?.["k8s.mesosphere.io/proxyPort-tcp"], String(p.port));
      await setEndpoints(client, "web", [b.port]);
      await waitFor(() => proxier.port("default/web")?.endpoints.length === 1, {
        what: "1 endpoint",
      });
      for (let i = 0; i < 4; i++) assert.equal(await ask(p.port), "b");
      await client.delete({ resource: "services", namespace: "default", name: "web" });
      await waitFor(() => proxier.port("default/web") === undefined, { what: "web unproxied" });
      await assert.rejects(() => ask(p.port));
    });
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("proxier honours ClientIP affinity and listens on the nodePort of a NodePort service", async () => {
  const a = backend("a"), b = backend("b");
  try {
    await withProxy(async ({ client, proxier }) => {
      const created = await client.create<Service>(
        { resource: "services", namespace: "default" },
        service("sticky", { type: "NodePort", sessionAffinity: "ClientIP" }),
      );
      const nodePort = created.spec?.ports?.[0].nodePort;
      assert.ok(nodePort && nodePort >= nodePorts.first && nodePort <= nodePorts.last);
      await setEndpoints(client, "sticky", [a.port, b.port]);
      const p = await waitFor(() => {
        const x = proxier.port("default/sticky");
        return x && x.endpoints.length === 2 ? x : undefined;
      }, { what: "sticky proxied" });
      assert.equal(p.port, nodePort);
      const first = await ask(nodePort);
      for (let i = 0; i < 6; i++) assert.equal(await ask(nodePort), first);
    });
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("proxier in userspace mode answers on a loopback clusterIP:port and stops with it", async () => {
  const a = backend("a");
  // A service port the kernel just reported free (no root needed for it, unlike 80).
  const servicePort = freePort();
  try {
    await withProxy(
      async ({ client, proxier }) => {
        const svc = await client.create<Service>(
          { resource: "services", namespace: "default" },
          service("loop", { ports: [{ name: "tcp", port: servicePort, targetPort: 8080 }] }),
        );
        const ip = svc.spec?.clusterIP ?? "";
        assert.match(ip, /^127\.10\.10\.\d+$/);
        await setEndpoints(client, "loop", [a.port]);
        const p = await waitFor(() => {
          const x = proxier.port("default/loop");
          return x && x.endpoints.length === 1 ? x : undefined;
        }, { what: "loop proxied" });
        assert.equal(p.clusterIPListening, true);
        assert.equal(await ask(servicePort, ip), "a");
        assert.equal(await ask(p.port), "a");
        await client.delete({ resource: "services", namespace: "default", name: "loop" });
        await waitFor(() => proxier.port("default/loop") === undefined, { what: "loop unproxied" });
        await assert.rejects(() => ask(servicePort, ip));
      },
      "userspace",
      undefined,
      true,
    );
  } finally {
    await a.close();
  }
});

Deno.test({
  name: "proxier in iptables mode redirects clusterIP:port to its listener and cleans up",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const a = backend("a");
    const chain = `K8SM-T-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    try {
      await withProxy(
        async ({ client, proxier }) => {
          const svc = await client.create<Service>(
            { resource: "services", namespace: "default" },
            service("vip"),
          );
          await setEndpoints(client, "vip", [a.port]);
          await waitFor(() => proxier.port("default/vip")?.endpoints.length === 1, {
            what: "vip proxied",
          });
          const ip = svc.spec?.clusterIP ?? "";
          assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
          assert.equal(await waitFor(() => ask(80, ip), { what: `an answer on ${ip}:80` }), "a");
        },
        "iptables",
        chain,
      );
      const out = await new Deno.Command("iptables", {
        args: ["-w", "-t", "nat", "-S"],
        stdout: "piped",
      }).output();
      assert.ok(!new TextDecoder().decode(out.stdout).includes(chain), `${chain} was left behind`);
    } finally {
      await a.close();
    }
  },
});
