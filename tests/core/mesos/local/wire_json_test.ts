/** JSON as Mesos writes it: 64-bit integers as numbers, explicit defaults filled in. */
import assert from "node:assert/strict";
import { toMesosWireJson } from "../../../../core/mesos/local/wire_json.ts";
import { parseMesosJson } from "../../../../core/mesos/mesos_json.ts";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { subscribeCall, subscribeRaw } from "../../../_helpers/raw_mesos_stream.ts";

Deno.test("64-bit integers become numbers; unset fields with defaults are written out", () => {
  const event = {
    type: "SUBSCRIBED",
    subscribed: {
      executor_info: {
        executor_id: { value: "e" },
        command: { value: "run" },
        shutdown_grace_period: { nanoseconds: "5000000000" },
      },
      framework_info: { user: "u", name: "n" },
      agent_info: { hostname: "h", port: 5051 },
    },
  };
  const wire = toMesosWireJson("mesos.v1.executor.Event", event) as {
    subscribed: {
      executor_info: {
        command: { shell: boolean };
        shutdown_grace_period: { nanoseconds: number };
      };
      framework_info: Record<string, unknown>;
    };
  };
  assert.equal(wire.subscribed.executor_info.shutdown_grace_period.nanoseconds, 5_000_000_000);
  assert.equal(wire.subscribed.executor_info.command.shell, true);
  assert.equal(wire.subscribed.framework_info.failover_timeout, 0);
  assert.equal(wire.subscribed.framework_info.checkpoint, false);
  assert.equal("role" in wire.subscribed.framework_info, false, "deprecated defaults stay out");
  const back = parseMesosJson(
    "mesos.v1.executor.Event",
    new TextEncoder().encode(JSON.stringify(wire)),
  ) as typeof event;
  assert.equal(back.subscribed.executor_info.shutdown_grace_period.nanoseconds, "5000000000");
  const huge = toMesosWireJson("mesos.v1.TimeInfo", { nanoseconds: "9223372036854775807" });
  assert.deepEqual(huge, { nanoseconds: "9223372036854775807" }, "kept exact beyond 2^53");
});

Deno.test("JSON offers carry port ranges as numbers, like Mesos", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    resources: "cpus:1;mem:256;ports:[31000-31010]",
  });
  const api = `${cluster.masterUrl}/api/v1/scheduler`;
  const stream = await subscribeRaw(api, subscribeCall());
  try {
    const ev = await stream.next("OFFERS");
    const offer = (ev.offers as { offers: { resources: Record<string, unknown>[] }[] }).offers[0];
    const ports = offer.resources.find((r) => r.name === "ports") as {
      ranges: { range: { begin: unknown; end: unknown }[] };
    };
    assert.deepEqual(ports.ranges.range, [{ begin: 31000, end: 31010 }]);
  } finally {
    await stream.close();
    await cluster.close();
  }
});
