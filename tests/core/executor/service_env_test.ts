import assert from "node:assert/strict";
import { serviceEnv } from "../../../core/executor/service_env.ts";
import type { Service } from "../../../core/api/types/service.ts";

Deno.test("serviceEnv writes kubelet's service and docker-link variables", () => {
  const svc = (name: string, clusterIP: string, ports: NonNullable<Service["spec"]>["ports"]) =>
    ({
      metadata: { name },
      spec: { clusterIP, ports },
    }) as Service;
  const env = serviceEnv([
    svc("redis-master", "10.10.10.5", [{ name: "redis", port: 6379, protocol: "TCP" }, {
      port: 53,
      protocol: "UDP",
    }]),
    svc("headless", "None", [{ port: 80 }]),
  ]);
  assert.equal(env.REDIS_MASTER_SERVICE_HOST, "10.10.10.5");
  assert.equal(env.REDIS_MASTER_SERVICE_PORT, "6379");
  assert.equal(env.REDIS_MASTER_SERVICE_PORT_REDIS, "6379");
  assert.equal(env.REDIS_MASTER_PORT, "tcp://10.10.10.5:6379");
  assert.equal(env.REDIS_MASTER_PORT_6379_TCP, "tcp://10.10.10.5:6379");
  assert.equal(env.REDIS_MASTER_PORT_6379_TCP_ADDR, "10.10.10.5");
  assert.equal(env.REDIS_MASTER_PORT_53_UDP_PROTO, "udp");
  assert.ok(
    !Object.keys(env).some((k) => k.startsWith("HEADLESS")),
    "headless services add nothing",
  );
});
