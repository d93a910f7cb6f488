/**
 * `k8sm mesos …` against mesos-local with authenticated read-write endpoints: state, agents,
 * frameworks and tasks as kubectl-style tables (no colour under NO_COLOR) and `-o json` (the
 * master's JSON answer); credentials from MESOS_PRINCIPAL/MESOS_SECRET or --principal and
 * --secret-file, and a clear error without them; `drain` drains the agent and `maintenance
 * schedule` sets a window the master then reports as DRAINING.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../core/mesos/local/local_cluster.ts";
import { launchCall } from "../../core/mesos/scheduler_calls.ts";
import { TestFramework } from "../_helpers/mesos_test_framework.ts";
import { runK8sm } from "./cli_runner.ts";

const CREDS = { MESOS_PRINCIPAL: "ops", MESOS_SECRET: "s3cret" };

async function withCluster(
  fn: (master: string, agentId: string, hostname: string) => Promise<void>,
): Promise<void> {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 2,
    allocationIntervalMs: 100,
    authentication: {
      credentials: [{ principal: "ops", secret: "s3cret" }],
      httpReadwrite: true,
    },
  });
  const fw = new TestFramework(cluster.masterUrl, { name: "tables" });
  try {
    await fw.subscribed();
    const [offer] = await fw.offers();
    await fw.client.call(launchCall([offer.id.value], [{
      name: "sleeper",
      task_id: { value: "sleeper-1" },
      agent_id: offer.agent_id,
      resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.5 } }],
      command: { value: "sleep 300" },
    }]));
    await fw.waitState("sleeper-1", "TASK_RUNNING");
    await fn(cluster.masterUrl, offer.agent_id.value, offer.hostname);
  } finally {
    await fw.close();
    await cluster.close();
  }
}

Deno.test("k8sm mesos state|agents|frameworks|tasks print tables and -o json; 401 is a clear error", async () => {
  await withCluster(async (master, agentId) => {
    const state = await runK8sm(["mesos", "--master", master, "state"], CREDS);
    assert.equal(state.code, 0, state.stderr);
    assert.match(
      state.stdout,
      /^AGENTS\s+FRAMEWORKS\s+TASKS\s+COMPLETED\s+EXECUTORS\s+CPUS\s+MEM\n2\s+1\s+1\s+0\s+\d+\s+0\.5\/\d+\s+/,
    );
    const agents = await runK8sm(["mesos", "agents", "--master", master], CREDS);
    assert.equal(agents.code, 0, agents.stderr);
    const lines = agents.stdout.trim().split("\n");
    assert.match(lines[0], /^ID\s+HOSTNAME\s+STATUS\s+CPUS\s+MEM\s+AGE$/);
    assert.equal(lines.length, 3);
    assert.match(agents.stdout, new RegExp(`${agentId}\\s+\\S+\\s+Active\\s+0\\.5/`));
    assert.ok(!agents.stdout.includes("\x1b["), "no colour under NO_COLOR");
    const fws = await runK8sm(["mesos", "--master", master, "frameworks"], CREDS);
    assert.match(
      fws.stdout,
      /^ID\s+NAME\s+ROLES\s+PRINCIPAL\s+CONNECTED\s+CPUS\s+MEM\s+AGE\n\S+\s+tables\s+\*\s+\S+\s+true\s+0\.5\s+/,
    );
    const tasks = await runK8sm(["mesos", "--master", master, "tasks"], CREDS);
    assert.match(
      tasks.stdout,
      new RegExp(`sleeper-1\\s+sleeper\\s+TASK_RUNNING\\s+\\S+\\s+${agentId}\\s+0\\.5`),
    );
    const json = await runK8sm(["mesos", "--master", master, "tasks", "-o", "json"], CREDS);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.tasks[0].task_id.value, "sleeper-1");
    const denied = await runK8sm(["mesos", "--master", master, "agents"]);
    assert.equal(denied.code, 1);
    assert.match(
      denied.stderr,
      /wants credentials for GET_AGENTS \(401\): pass --principal and --secret-file/,
    );
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/secret`, "s3cret\n");
      await Deno.chmod(`${dir}/secret`, 0o600);
      const withFile = await runK8sm([
        "mesos",
        "--master",
        master,
        "--principal",
        "ops",
        "--secret-file",
        `${dir}/secret`,
        "agents",
      ]);
      assert.equal(withFile.code, 0, withFile.stderr);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("k8sm mesos drain and maintenance schedule|status change the master's agents and schedule", async () => {
  await withCluster(async (master, agentId, hostname) => {
    const drain = await runK8sm(
      ["mesos", "--master", master, "drain", agentId, "--grace", "1s"],
      CREDS,
    );
    assert.equal(drain.code, 0, drain.stderr);
    const agents = await runK8sm(["mesos", "--master", master, "agents"], CREDS);
    assert.match(agents.stdout, new RegExp(`${agentId}\\s+\\S+\\s+Draining\\(`));
    const sched = await runK8sm([
      "mesos",
      "--master",
      master,
      "maintenance",
      "schedule",
      hostname,
      "--start",
      "2030-01-01T00:00:00Z",
      "--duration",
      "1h",
    ], CREDS);
    assert.equal(sched.code, 0, sched.stderr);
    const status = await runK8sm(["mesos", "--master", master, "maintenance"], CREDS);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^HOSTNAME\s+IP\s+MODE\s+WINDOW START\s+ANSWERS\n/);
    assert.match(
      status.stdout,
      new RegExp(`${hostname}\\s+127\\.0\\.0\\.1\\s+DRAINING\\s+2030-01-01T00:00:00\\.000Z`),
    );
    const bad = await runK8sm([
      "mesos",
      "--master",
      master,
      "maintenance",
      "schedule",
      hostname,
      "--start",
      "soon",
    ], CREDS);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--start "soon" is not a time/);
  });
});
