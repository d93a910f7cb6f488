/**
 * Issue 16 acceptance (maintenance, k8sm side): a maintenance window for the machine of the
 * agent running a pod makes mesos-local send the k8sm scheduler an inverse offer; the scheduler
 * cordons that agent's Node (spec.unschedulable) and accepts the inverse offer, which shows as
 * ACCEPT in the master's GET_MAINTENANCE_STATUS.
 */
import assert from "node:assert/strict";
import type { Node } from "../../core/api/types/node.ts";
import { waitFor } from "../../core/util/wait.ts";
import { sleepPod, startTestCluster } from "../_helpers/cluster.ts";

Deno.test("the k8sm scheduler answers a maintenance inverse offer: Node cordoned, inverse offer accepted", async () => {
  const c = await startTestCluster({
    agents: [{ resources: "cpus:2;mem:1024" }],
    scheduler: { port: 0 },
  });
  try {
    await c.createPod(sleepPod("web", { cpu: "100m", memory: "32Mi" }));
    await c.waitPod("web", (p) => p.status?.phase === "Running", "Running");
    const agent = c.mesos.agents[0];
    const hostname = agent.opts.hostname!;
    const machine = { hostname, ip: "127.0.0.1" };
    const api = `${c.mesos.masterUrl}/api/v1`;
    const post = async (body: unknown) => {
      const res = await fetch(api, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    };
    const start = Date.now() + 3_600_000;
    const update = await post({
      type: "UPDATE_MAINTENANCE_SCHEDULE",
      update_maintenance_schedule: {
        schedule: {
          windows: [{
            machine_ids: [machine],
            unavailability: { start: { nanoseconds: start * 1_000_000 } },
          }],
        },
      },
    });
    assert.equal(update.status, 200, update.text);
    const node = await waitFor(async () => {
      const n = await c.client.get<Node>({ resource: "nodes", name: hostname });
      return n.spec?.unschedulable === true ? n : undefined;
    }, { what: `node ${hostname} cordoned`, timeoutMs: 20_000 });
    assert.equal(node.spec?.unschedulable, true);
    const accepted = await waitFor(async () => {
      const st = JSON.parse((await post({ type: "GET_MAINTENANCE_STATUS" })).text)
        .get_maintenance_status.status;
      const s = st.draining_machines?.[0]?.statuses?.[0];
      return s?.status === "ACCEPT" ? s : undefined;
    }, { what: "the inverse offer accepted", timeoutMs: 20_000 });
    assert.equal(accepted.status, "ACCEPT");
  } finally {
    await c.close();
  }
});
