import assert from "node:assert/strict";
import {
  formatMesosDuration,
  parseMesosDuration,
  readExecutorEnv,
} from "../../../core/mesos/mod.ts";

const BASE = {
  MESOS_FRAMEWORK_ID: "fw-1",
  MESOS_EXECUTOR_ID: "ex-1",
  MESOS_AGENT_ENDPOINT: "127.0.0.1:5051",
};

Deno.test("reads the agent's executor environment with Mesos' defaults", () => {
  assert.deepEqual(readExecutorEnv(BASE), {
    frameworkId: "fw-1",
    executorId: "ex-1",
    agentEndpoint: "127.0.0.1:5051",
    agentId: undefined,
    checkpoint: false,
    recoveryTimeoutMs: 15 * 60_000,
    subscriptionBackoffMaxMs: 2000,
    shutdownGracePeriodMs: 5000,
    sandbox: undefined,
    directory: undefined,
    authToken: undefined,
  });
  const env = readExecutorEnv({
    ...BASE,
    MESOS_CHECKPOINT: "1",
    MESOS_RECOVERY_TIMEOUT: "1mins",
    MESOS_SUBSCRIPTION_BACKOFF_MAX: "500ms",
    MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: "0.5secs",
    MESOS_SLAVE_ID: "S0",
    MESOS_DIRECTORY: "/var/lib/mesos/s",
    MESOS_SANDBOX: "/mnt/sandbox",
  });
  assert.equal(env.checkpoint, true);
  assert.equal(env.recoveryTimeoutMs, 60_000);
  assert.equal(env.subscriptionBackoffMaxMs, 500);
  assert.equal(env.shutdownGracePeriodMs, 500);
  assert.equal(env.agentId, "S0");
  assert.equal(env.sandbox, "/mnt/sandbox");
  assert.equal(env.directory, "/var/lib/mesos/s");
  assert.equal(readExecutorEnv({ ...BASE, MESOS_CHECKPOINT: "true" }).checkpoint, false);
});

Deno.test("falls back to MESOS_SLAVE_PID for the agent address", () => {
  const { MESOS_AGENT_ENDPOINT: _, ...rest } = BASE;
  assert.equal(
    readExecutorEnv({ ...rest, MESOS_SLAVE_PID: "slave(1)@10.0.0.5:5051" }).agentEndpoint,
    "10.0.0.5:5051",
  );
  assert.throws(() => readExecutorEnv(rest), /MESOS_AGENT_ENDPOINT is not set/);
});

Deno.test("missing ids and malformed durations name the variable", () => {
  assert.throws(
    () => readExecutorEnv({ ...BASE, MESOS_EXECUTOR_ID: "" }),
    /MESOS_EXECUTOR_ID is not set/,
  );
  assert.throws(
    () => readExecutorEnv({ ...BASE, MESOS_RECOVERY_TIMEOUT: "15 minutes" }),
    /Invalid MESOS_RECOVERY_TIMEOUT "15 minutes"/,
  );
});

Deno.test("stout durations parse and format", () => {
  assert.equal(parseMesosDuration("15mins"), 900_000);
  assert.equal(parseMesosDuration("2secs"), 2000);
  assert.equal(parseMesosDuration("1.5hrs"), 5_400_000);
  assert.equal(parseMesosDuration("250us"), 0.25);
  assert.equal(parseMesosDuration("1weeks"), 604_800_000);
  assert.equal(formatMesosDuration(900_000), "15mins");
  assert.equal(formatMesosDuration(1500), "1500ms");
  assert.throws(() => parseMesosDuration("5"), /expected a number followed by/);
});

Deno.test("reading the process environment removes the executor's token from it", () => {
  const saved = Deno.env.toObject();
  const set = { ...BASE, MESOS_EXECUTOR_AUTHENTICATION_TOKEN: "tok.en.sig" };
  for (const [k, v] of Object.entries(set)) Deno.env.set(k, v);
  try {
    assert.equal(readExecutorEnv().authToken, "tok.en.sig");
    assert.equal(Deno.env.get("MESOS_EXECUTOR_AUTHENTICATION_TOKEN"), undefined);
    assert.equal(Deno.env.get("MESOS_EXECUTOR_ID"), "ex-1", "other variables stay");
    // An explicit environment is read as given and the process environment left alone.
    Deno.env.set("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "other");
    assert.equal(readExecutorEnv(set).authToken, "tok.en.sig");
    assert.equal(Deno.env.get("MESOS_EXECUTOR_AUTHENTICATION_TOKEN"), "other");
  } finally {
    for (const k of Object.keys(set)) {
      if (saved[k] === undefined) Deno.env.delete(k);
      else Deno.env.set(k, saved[k]);
    }
  }
});
