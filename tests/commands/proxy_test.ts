import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startTestApiServer } from "../_helpers/apiserver.ts";
import { CLI, spawnK8sm as spawn } from "../_helpers/k8sm_child.ts";
import { freePortRange } from "../_helpers/ports.ts";

Deno.test("k8sm proxy rejects an unknown --proxy-mode", async () => {
  const bad = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "proxy", "--proxy-mode=kernelspace"],
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(bad.code, 2);
  assert.match(
    new TextDecoder().decode(bad.stderr),
    /--proxy-mode "kernelspace" is not userspace or iptables/,
  );
});

Deno.test("k8sm proxy --master=URL proxies a NodePort service", async () => {
  await proxiesNodePort((url) => [`--master=${url}`]);
});

Deno.test("k8sm proxy -api_servers=host:port (the seed's form) proxies a NodePort service", async () => {
  await proxiesNodePort((url) => [`-api_servers=${new URL(url).host}`]);
});

/** Starts `k8sm proxy <serverArgs(api url)>` and checks a NodePort service answers through it. */
async function proxiesNodePort(serverArgs: (url: string) => string[]): Promise<void> {
  const api = await startTestApiServer("memory", { nodePortRange: freePortRange(10).text });
  const client = new RestClient({ server: api.url });
  const backend = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const served = (async () => {
    for await (const c of backend) {
      c.write(new TextEncoder().encode("pong")).finally(() => c.close());
    }
  })();
  const proxy = spawn([
    "proxy",
    ...serverArgs(api.url),
    "--healthz-port=0",
    "--bind-address=127.0.0.1",
  ]);
  try {
    const svc = await client.create<{ spec: { ports: { nodePort: number }[] } } & Pod>(
      { resource: "services", namespace: "default" },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "pong" },
        spec: { type: "NodePort", ports: [{ port: 80 }] },
      },
    );
    await client.create({ resource: "endpoints", namespace: "default" }, {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "pong" },
      subsets: [{
        addresses: [{ ip: "127.0.0.1" }],
        ports: [{ port: (backend.addr as Deno.NetAddr).port }],
      }],
    });
    const nodePort = svc.spec.ports[0].nodePort;
    const answer = await waitFor(async () => {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: nodePort });
      const buf = new Uint8Array(16);
      const n = await conn.read(buf);
      conn.close();
      return n ? new TextDecoder().decode(buf.subarray(0, n)) : undefined;
    }, { timeoutMs: 30_000, what: `an answer on nodePort ${nodePort}` });
    assert.equal(answer, "pong");
  } finally {
    const code = await proxy.interrupt();
    backend.close();
    await served.catch(() => {});
    client.close();
    await api.stop();
    assert.equal(code, 0, proxy.stderr());
  }
}
