/**
 * SchedulerClient against a mesos-local that authenticates frameworks: with the right
 * credentials it subscribes and its calls are accepted; refused (no or wrong credentials), it
 * logs one clear line and keeps resubscribing with backoff.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../core/mesos/local/local_cluster.ts";
import { SchedulerClient } from "../../../core/mesos/scheduler_client.ts";
import type { MesosCredentials } from "../../../core/mesos/master_url.ts";
import { setLogFile } from "../../../core/util/log.ts";
import { waitFor } from "../../../core/util/wait.ts";

const K8SM = { principal: "k8sm", secret: "s3cret" };
const INFO = {
  user: "root",
  name: "auth-test",
  roles: ["*"],
  capabilities: [{ type: "MULTI_ROLE" }],
};

function client(master: string, credentials?: MesosCredentials): SchedulerClient {
  return new SchedulerClient({
    master,
    credentials,
    frameworkInfo: credentials ? { ...INFO, principal: credentials.principal } : INFO,
    backoffInitialMs: 20,
    backoffMaxMs: 40,
  });
}

Deno.test("with the right credentials the framework subscribes and its calls pass", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 0,
    authentication: { credentials: [K8SM], frameworks: true },
  });
  const c = client(cluster.masterUrl, K8SM);
  try {
    const ev = await c.events.next();
    assert.equal(ev.value?.type, "SUBSCRIBED");
    await c.call({ type: "REVIVE", revive: {} });
    const fw = cluster.master.frameworks.get(c.frameworkId!);
    assert.equal(fw?.info.principal, "k8sm");
  } finally {
    await c.close();
    await cluster.close();
  }
});

Deno.test("refused credentials are logged once while the client keeps retrying", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 0,
    authentication: { credentials: [K8SM], frameworks: true },
  });
  const log = await Deno.makeTempFile({ prefix: "k8sm-auth-log-" });
  setLogFile(log);
  try {
    for (const credentials of [undefined, { principal: "k8sm", secret: "wrong" }]) {
      const before = cluster.master.metrics.callsRefused;
      await Deno.writeTextFile(log, "");
      const c = client(cluster.masterUrl, credentials);
      try {
        await waitFor(() => cluster.master.metrics.callsRefused >= before + 4, {
          what: "four refused SUBSCRIBEs",
        });
      } finally {
        await c.close();
      }
      const lines = (await Deno.readTextFile(log)).split("\n")
        .filter((l) => l.includes("refused the framework's credentials (401)"));
      assert.equal(lines.length, 1, lines.join("\n"));
      const expected = credentials
        ? `Mesos master at ${cluster.masterUrl} refused the framework's credentials (401): ` +
          "check --mesos-authentication-principal and --mesos-authentication-secret-file"
        : `Mesos master at ${cluster.masterUrl} refused the framework's credentials (401): ` +
          "none were given; set --mesos-authentication-principal and " +
          "--mesos-authentication-secret-file";
      assert.ok(lines[0].endsWith(expected), lines[0]);
    }
  } finally {
    setLogFile(undefined);
    await Deno.remove(log);
    await cluster.close();
  }
});
