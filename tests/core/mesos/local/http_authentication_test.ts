/**
 * mesos-local's HTTP Basic authentication over raw HTTP: the scheduler API answers 401 with a
 * Basic challenge for missing or wrong credentials, 400 (Mesos' text) when FrameworkInfo names
 * another principal, and subscribes with the right ones (filling in an unset principal); /state,
 * /metrics and the agent's /state need credentials with read-only authentication, /teardown with
 * read-write authentication, and /health never does.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { basicAuthorization } from "../../../../core/mesos/master_url.ts";
import { post, subscribeCall, subscribeRaw } from "../../../_helpers/raw_mesos_stream.ts";

const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };
const RIGHT = { Authorization: basicAuthorization({ principal: "k8sm", secret: "s3cret" }) };
const WRONG = { Authorization: basicAuthorization({ principal: "k8sm", secret: "guess" }) };
const OTHER = { Authorization: basicAuthorization({ principal: "ops", secret: "0ps" }) };
const CREDENTIALS = [{ principal: "k8sm", secret: "s3cret" }, { principal: "ops", secret: "0ps" }];

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return {
    status: res.status,
    text: await res.text(),
    challenge: res.headers.get("www-authenticate"),
  };
}

Deno.test("the scheduler API needs Basic credentials and a matching principal", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    authentication: { credentials: CREDENTIALS, frameworks: true },
  });
  const api = `${cluster.masterUrl}/api/v1/scheduler`;
  try {
    const none = await post(api, subscribeCall({ principal: "k8sm" }), JSON_HEADERS);
    assert.equal(none.status, 401, none.text);
    const raw = await fetch(api, { method: "POST", headers: JSON_HEADERS, body: "{}" });
    await raw.body?.cancel();
    assert.equal(raw.headers.get("www-authenticate"), 'Basic realm="mesos-master-scheduler"');

    const wrong = await post(api, subscribeCall({ principal: "k8sm" }), {
      ...JSON_HEADERS,
      ...WRONG,
    });
    assert.equal(wrong.status, 401, wrong.text);
    const garbage = await post(api, subscribeCall(), {
      ...JSON_HEADERS,
      Authorization: "Basic !!!",
    });
    assert.equal(garbage.status, 401);

    const mismatch = await post(api, subscribeCall({ principal: "ops" }), {
      ...JSON_HEADERS,
      ...RIGHT,
    });
    assert.equal(mismatch.status, 400);
    assert.match(mismatch.text, /Authenticated principal 'k8sm' does not match principal 'ops'/);

    const stream = await subscribeRaw(api, subscribeCall({ principal: "k8sm" }), RIGHT);
    try {
      const ev = await stream.next("SUBSCRIBED");
      const id = (ev.subscribed as { framework_id: { value: string } }).framework_id.value;
      const call = { framework_id: { value: id }, type: "REVIVE", revive: {} };
      const headers = { ...JSON_HEADERS, "Mesos-Stream-Id": stream.streamId };
      assert.equal((await post(api, call, headers)).status, 401, "a call without credentials");
      const byOther = await post(api, call, { ...headers, ...OTHER });
      assert.equal(byOther.status, 400, "a call by another principal");
      assert.equal((await post(api, call, { ...headers, ...RIGHT })).status, 202);
    } finally {
      await stream.close();
    }

    // An unset FrameworkInfo.principal is filled in with the authenticated one.
    const unset = await subscribeRaw(api, subscribeCall({ name: "no-principal" }), OTHER);
    try {
      await unset.next("SUBSCRIBED");
      const fw = [...cluster.master.frameworks.values()].find((f) =>
        f.info.name === "no-principal"
      );
      assert.equal(fw?.info.principal, "ops");
    } finally {
      await unset.close();
    }
  } finally {
    await cluster.close();
  }
});

Deno.test("read-only and read-write endpoints need credentials; /health never", async () => {
  const cluster = await startLocalCluster({
    port: 0,
    agents: 1,
    authentication: { credentials: CREDENTIALS, httpReadonly: true, httpReadwrite: true },
  });
  const m = cluster.masterUrl;
  const agent = `http://${cluster.agents[0].endpoint}`;
  try {
    for (const url of [`${m}/state`, `${m}/master/state`, `${m}/metrics`]) {
      const denied = await get(url);
      assert.equal(denied.status, 401, url);
      assert.equal(denied.challenge, 'Basic realm="mesos-master-readonly"');
      assert.equal((await get(url, WRONG)).status, 401, url);
      assert.equal((await get(url, RIGHT)).status, 200, url);
    }
    const agentState = await get(`${agent}/state`);
    assert.equal(agentState.status, 401);
    assert.equal(agentState.challenge, 'Basic realm="mesos-agent-readonly"');
    assert.equal((await get(`${agent}/state`, OTHER)).status, 200);
    assert.equal((await get(`${m}/health`)).status, 200);
    assert.equal((await get(`${agent}/health`)).status, 200);

    // Frameworks are not authenticated here: subscribe one, then tear it down by hand.
    const stream = await subscribeRaw(`${m}/api/v1/scheduler`, subscribeCall());
    try {
      const ev = await stream.next("SUBSCRIBED");
      const id = (ev.subscribed as { framework_id: { value: string } }).framework_id.value;
      const form = { "Content-Type": "application/x-www-form-urlencoded" };
      const denied = await post(`${m}/teardown`, `frameworkId=${id}`, form);
      assert.equal(denied.status, 401);
      assert.ok(cluster.master.frameworks.has(id), "a refused teardown leaves the framework");
      const done = await post(`${m}/teardown`, `frameworkId=${id}`, { ...form, ...RIGHT });
      assert.equal(done.status, 200, done.text);
      assert.ok(cluster.master.removedFrameworks.has(id), "the framework is torn down");
    } finally {
      await stream.close();
    }
  } finally {
    await cluster.close();
  }
});

Deno.test("Basic authentication without credentials is refused at start", async () => {
  await assert.rejects(
    startLocalCluster({
      port: 0,
      agents: 0,
      authentication: { credentials: [], frameworks: true },
    }),
    /--authenticate-frameworks need credentials to check; pass --credentials=FILE/,
  );
});
