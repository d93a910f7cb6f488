/**
 * The legacy maintenance endpoints write the schedule's and the status' 64-bit times as bare
 * JSON numbers, as a Mesos master does (the operator API already did).
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";

Deno.test("/maintenance/schedule and /maintenance/status write int64 times as JSON numbers", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  try {
    const start = (Date.now() + 3600_000) * 1_000_000;
    const schedule = {
      windows: [{
        machine_ids: [{ hostname: cluster.agents[0].opts.hostname, ip: "127.0.0.1" }],
        unavailability: { start: { nanoseconds: start }, duration: { nanoseconds: 60e9 } },
      }],
    };
    const posted = await fetch(`${cluster.masterUrl}/maintenance/schedule`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(schedule),
    });
    assert.equal(posted.status, 200, await posted.text());
    const text = await (await fetch(`${cluster.masterUrl}/maintenance/schedule`)).text();
    assert.match(text, /"start":\{"nanoseconds":\d+\}/, text);
    assert.doesNotMatch(text, /"nanoseconds":"/, text);
    const status = await (await fetch(`${cluster.masterUrl}/maintenance/status`)).text();
    assert.match(status, /draining_machines/, status);
    assert.doesNotMatch(status, /"nanoseconds":"/, status);
  } finally {
    await cluster.close();
  }
});
