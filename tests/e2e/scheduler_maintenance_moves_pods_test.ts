/**
 * Issue 16 acceptance (maintenance and drain end to end): an RC of 4 spread over 2 agents of
 * mesos-local, the real k8sm executor with the process runtime, the controller-manager in
 * process. A maintenance window for one agent's machine makes the scheduler cordon that Node,
 * evict its pods through the API (their RC replaces them on the other agent) before the window
 * starts, and accept the inverse offer; DRAIN_AGENT and MARK_AGENT_GONE on one agent likewise
 * end with all 4 replicas Running on the other.
 */
import assert from "node:assert/strict";
import type { Node } from "../../core/api/types/node.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import type { PodDisruptionBudget } from "../../core/api/types/policy.ts";
import { startControllerManager } from "../../core/controllers/controller_manager.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startTestCluster, type TestCluster } from "../_helpers/cluster.ts";

const REPLICAS = 4;

function rc(name: string) {
  return {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name },
    spec: {
      replicas: REPLICAS,
      selector: { app: name },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{
            name: "main",
            image: "busybox",
            command: ["sleep", "3600"],
            resources: { requests: { cpu: "100m", memory: "16Mi" } },
          }],
        },
      },
    },
  };
}

async function operator(c: TestCluster, body: unknown): Promise<unknown> {
  const res = await fetch(`${c.mesos.masterUrl}/api/v1`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${JSON.stringify(body).slice(0, 60)}: ${text}`);
  return text ? JSON.parse(text) : {};
}

/** The live (not terminating, not finished) pods of the RC, by node. */
async function liveByNode(c: TestCluster, app: string): Promise<Map<string, Pod[]>> {
  const out = new Map<string, Pod[]>();
  for (const p of await c.listPods()) {
    if (p.metadata.labels?.app !== app || p.metadata.deletionTimestamp) continue;
    if (p.status?.phase !== "Running") continue;
    const n = p.spec?.nodeName ?? "";
    out.set(n, [...(out.get(n) ?? []), p]);
  }
  return out;
}

/** Runs `scenario` on a fresh 2-agent cluster with an RC of 4 spread over both agents. */
async function withSpreadRc(
  scenario: (c: TestCluster, drained: { hostname: string; agentId: string }) => Promise<void>,
): Promise<void> {
  const c = await startTestCluster({
    agents: [{ resources: "cpus:2;mem:1024" }, { resources: "cpus:2;mem:1024" }],
    scheduler: { port: 0 },
  });
  const cm = startControllerManager({ api: { server: c.api.url } });
  try {
    await cm.leading;
    await c.client.create({ resource: "replicationcontrollers", namespace: "default" }, rc("web"));
    const spread = await waitFor(async () => {
      const m = await liveByNode(c, "web");
      const counts = [...m.values()].map((l) => l.length);
      return m.size === 2 && counts.every((n) => n === 2) ? m : undefined;
    }, { what: "4 replicas Running, 2 on each agent", timeoutMs: 60_000 });
    assert.equal(spread.size, 2);
    const agent = c.mesos.agents[0];
    await scenario(c, { hostname: agent.opts.hostname!, agentId: agent.id });
  } finally {
    await cm.close();
    await c.close();
  }
}

/** Waits until all 4 replicas run on nodes other than `hostname`. */
async function allMovedOff(c: TestCluster, hostname: string): Promise<Map<string, Pod[]>> {
  return await waitFor(async () => {
    const m = await liveByNode(c, "web");
    const total = [...m.values()].reduce((n, l) => n + l.length, 0);
    return total === REPLICAS && !m.has(hostname) ? m : undefined;
  }, { what: `all ${REPLICAS} replicas Running off ${hostname}`, timeoutMs: 60_000 });
}

/** Schedules a maintenance window an hour from now for `hostname`; returns its start (ms). */
async function scheduleWindow(c: TestCluster, hostname: string): Promise<number> {
  const startMs = Date.now() + 3_600_000;
  await operator(c, {
    type: "UPDATE_MAINTENANCE_SCHEDULE",
    update_maintenance_schedule: {
      schedule: {
        windows: [{
          machine_ids: [{ hostname, ip: "127.0.0.1" }],
          unavailability: { start: { nanoseconds: startMs * 1_000_000 } },
        }],
      },
    },
  });
  return startMs;
}

/** The answers frameworks gave for the first draining machine (ACCEPT, DECLINE). */
async function answers(c: TestCluster): Promise<string[]> {
  const st = (await operator(c, { type: "GET_MAINTENANCE_STATUS" }) as {
    get_maintenance_status: {
      status: { draining_machines?: { statuses?: { status: string }[] }[] };
    };
  }).get_maintenance_status.status;
  return (st.draining_machines?.[0]?.statuses ?? []).map((s) => s.status);
}

Deno.test("a maintenance window moves an agent's pods to the other agent before it starts; Node cordoned, inverse offer accepted", async () => {
  await withSpreadRc(async (c, { hostname }) => {
    const startMs = await scheduleWindow(c, hostname);
    const moved = await allMovedOff(c, hostname);
    assert.ok(Date.now() < startMs, "the pods moved before the window started");
    assert.equal([...moved.values()].flat().length, REPLICAS);
    const node = await c.client.get<Node>({ resource: "nodes", name: hostname });
    assert.equal(node.spec?.unschedulable, true);
    const accepted = await waitFor(
      async () => (await answers(c)).includes("ACCEPT") ? true : undefined,
      { what: "the inverse offer accepted", timeoutMs: 20_000 },
    );
    assert.equal(accepted, true);
  });
});

Deno.test("under a PodDisruptionBudget (minAvailable 3 of 4) the maintenance drain keeps 3 pods live while it moves every pod, then accepts", async () => {
  await withSpreadRc(async (c, { hostname }) => {
    await c.client.create({
      resource: "poddisruptionbudgets",
      namespace: "default",
      groupVersion: "policy/v1",
    }, {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "web" },
      spec: { minAvailable: REPLICAS - 1, selector: { matchLabels: { app: "web" } } },
    });
    await waitFor(async () => {
      const pdb = await c.client.get<PodDisruptionBudget>({
        resource: "poddisruptionbudgets",
        namespace: "default",
        groupVersion: "policy/v1",
        name: "web",
      });
      return pdb.status?.disruptionsAllowed === 1 ? true : undefined;
    }, { what: "the budget allowing 1 disruption", timeoutMs: 20_000 });
    let fewest = REPLICAS;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const live = [...(await liveByNode(c, "web")).values()].flat().length;
        fewest = Math.min(fewest, live);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await scheduleWindow(c, hostname);
    const moved = await allMovedOff(c, hostname);
    sampling = false;
    await sampler;
    assert.equal([...moved.values()].flat().length, REPLICAS);
    assert.ok(fewest >= REPLICAS - 1, `never fewer than ${REPLICAS - 1} live pods (saw ${fewest})`);
    const accepted = await waitFor(
      async () => (await answers(c)).includes("ACCEPT") ? true : undefined,
      { what: "the inverse offer accepted at last", timeoutMs: 30_000 },
    );
    assert.equal(accepted, true);
  });
});

Deno.test("DRAIN_AGENT kills an agent's tasks and their RC runs all replicas on the other agent", async () => {
  await withSpreadRc(async (c, { hostname, agentId }) => {
    await operator(c, {
      type: "DRAIN_AGENT",
      drain_agent: { agent_id: { value: agentId }, max_grace_period: { nanoseconds: 1e9 } },
    });
    const moved = await allMovedOff(c, hostname);
    assert.equal([...moved.values()].flat().length, REPLICAS);
  });
});

Deno.test("MARK_AGENT_GONE fails an agent's pods and their RC replaces them on the other agent", async () => {
  await withSpreadRc(async (c, { hostname, agentId }) => {
    const before = (await liveByNode(c, "web")).get(hostname)!.map((p) => p.metadata.name);
    await operator(c, {
      type: "MARK_AGENT_GONE",
      mark_agent_gone: { agent_id: { value: agentId } },
    });
    const failed = await waitFor(async () => {
      const pods = await c.listPods();
      const gone = pods.filter((p) => before.includes(p.metadata.name!));
      return gone.every((p) => p.status?.phase === "Failed" || p.metadata.deletionTimestamp)
        ? gone
        : undefined;
    }, { what: `the pods of ${hostname} failed`, timeoutMs: 30_000 });
    assert.ok(failed.length <= before.length);
    const moved = await allMovedOff(c, hostname);
    assert.equal([...moved.values()].flat().length, REPLICAS);
  });
});
