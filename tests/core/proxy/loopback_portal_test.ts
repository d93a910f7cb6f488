/**
 * LoopbackPortal: listens on a loopback clusterIP:port with the service's balancer, moves with
 * the address, and a port the host refuses leaves it not listening (not retried).
 */
import assert from "node:assert/strict";
import { isLoopbackIPv4, LoopbackPortal } from "../../../core/proxy/loopback_portal.ts";
import { RoundRobin } from "../../../core/proxy/round_robin.ts";
import { freePort } from "../../_helpers/ports.ts";

/** Reads everything host:port sends until it closes. */
async function ask(hostname: string, port: number): Promise<string> {
  const conn = await Deno.connect({ hostname, port });
  return await new Response(conn.readable).text();
}

Deno.test("isLoopbackIPv4 accepts 127.0.0.0/8 only", () => {
  assert.equal(isLoopbackIPv4("127.10.10.3"), true);
  assert.equal(isLoopbackIPv4("10.10.10.3"), false);
  assert.equal(isLoopbackIPv4(undefined), false);
  assert.equal(isLoopbackIPv4("None"), false);
});

Deno.test("LoopbackPortal answers on clusterIP:port and skips an address the host refuses", async () => {
  const backend = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    for await (const c of backend) {
      await c.write(new TextEncoder().encode("backend"));
      c.close();
    }
  })();
  const balancer = new RoundRobin();
  balancer.setEndpoints([{ host: "127.0.0.1", port: (backend.addr as Deno.NetAddr).port }]);
  const portal = new LoopbackPortal();
  const taken = Deno.listen({ hostname: "127.10.10.8", port: 0 });
  try {
    const port = freePort();
    await portal.sync("default/web:80", `127.10.10.7:${port}`, balancer, 30000);
    assert.equal(portal.listening, true);
    assert.equal(await ask("127.10.10.7", port), "backend");
    const busy = `127.10.10.8:${(taken.addr as Deno.NetAddr).port}`;
    await portal.sync("default/web:80", busy, balancer, 30000);
    assert.equal(portal.listening, false);
    await assert.rejects(() => ask("127.10.10.7", port));
  } finally {
    await portal.close();
    taken.close();
    backend.close();
    await serving.catch(() => {});
  }
});
