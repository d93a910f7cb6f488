import assert from "node:assert/strict";
import { CredentialRefresher } from "../../../core/scheduler/credential_refresher.ts";
import type { SchedulerCall } from "../../../core/mesos/scheduler_types.ts";
import { decodeTaskData } from "../../../core/executor/executor_credentials.ts";
import { base64ToBytes } from "../../../core/mesos/executor_types.ts";

Deno.test("refreshed node tokens go to running executors once, in a MESSAGE", async () => {
  let token = "t1";
  const sent: SchedulerCall[] = [];
  const r = new CredentialRefresher(
    { forNode: (node) => Promise.resolve({ token: `${token}@${node}` }) },
    (c) => sent.push(c),
    1000,
  );
  const sites = [
    { agentId: "a1", hostname: "h1", executorId: "e" },
    { agentId: "a1", hostname: "h1", executorId: "e" },
    { agentId: "a2", hostname: "h2", executorId: "e" },
  ];
  r.delivered("a1", { token: "t1@h1" });
  await r.tick(sites, 10_000);
  assert.equal(sent.length, 1, "a1 already has t1; only a2 gets its token");
  const msg = sent[0] as { type: string; message: { agent_id: { value: string }; data: string } };
  assert.equal(msg.type, "MESSAGE");
  assert.equal(msg.message.agent_id.value, "a2");
  const body = JSON.parse(new TextDecoder().decode(base64ToBytes(msg.message.data)));
  assert.equal(decodeTaskData({ pod: {}, ...body }).credentials?.token, "t1@h2");
  token = "t2";
  await r.tick(sites, 10_500);
  assert.equal(sent.length, 1, "not checked again within the interval");
  await r.tick(sites, 11_000);
  assert.equal(sent.length, 3, "both agents get the rotated token");
  await r.tick(sites, 12_000);
  assert.equal(sent.length, 3, "an unchanged token is not sent again");
});

Deno.test("an executor the scheduler never gave credentials gets them at once, with the apiserver URL", async () => {
  const sent: SchedulerCall[] = [];
  const r = new CredentialRefresher(
    {
      forNode: (node) =>
        Promise.resolve({ token: `t@${node}`, apiServer: "https://127.0.0.1:40123" }),
    },
    (c) => sent.push(c),
    60_000,
  );
  await r.tick([], 100_000);
  assert.equal(sent.length, 0, "no executor yet");
  await r.tick([{ agentId: "a9", hostname: "h9", executorId: "e" }], 100_010);
  assert.equal(sent.length, 1, "a recovered executor is not kept waiting for the interval");
  const msg = sent[0] as { type: string; message: { data: string } };
  const body = JSON.parse(new TextDecoder().decode(base64ToBytes(msg.message.data)));
  assert.equal(
    decodeTaskData({ pod: {}, ...body }).credentials?.apiServer,
    "https://127.0.0.1:40123",
  );
  await r.tick([{ agentId: "a9", hostname: "h9", executorId: "e" }], 100_020);
  assert.equal(sent.length, 1, "sent once");
});

Deno.test("an executor's credentials request makes the next tick send them again", async () => {
  const sent: SchedulerCall[] = [];
  const r = new CredentialRefresher(
    { forNode: (node) => Promise.resolve({ token: `t@${node}` }) },
    (c) => sent.push(c),
    60_000,
  );
  const sites = [{ agentId: "a1", hostname: "h1", executorId: "e" }];
  await r.tick(sites, 100_000);
  assert.equal(sent.length, 1);
  const ask = (body: unknown) => r.requested("a1", btoa(JSON.stringify(body)));
  ask({ hello: "world" });
  await r.tick(sites, 100_010);
  assert.equal(sent.length, 1, "a message that is no request changes nothing");
  ask({ request: "credentials" });
  await r.tick(sites, 100_020);
  assert.equal(sent.length, 2, "sent again on request, within the interval");
  r.requested("a1", "%%not base64%%");
  await r.tick(sites, 100_030);
  assert.equal(sent.length, 2, "garbage is ignored");
});
