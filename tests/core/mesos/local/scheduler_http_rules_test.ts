/**
 * Acceptance 3: the scheduler API's HTTP rules against mesos-local over raw HTTP — stream ids
 * (400), calls of an unsubscribed framework (403), exact Content-Type (415), Accept (406),
 * methods (405), stream encoding by Accept, a failed-over stream, UPDATE_FRAMEWORK.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import {
  post,
  RawStream,
  subscribeCall,
  subscribeFramework as subscribe,
  subscribeRaw,
} from "../../../_helpers/raw_mesos_stream.ts";

const JSON_CT = { "Content-Type": "application/json" };

Deno.test("scheduler API status codes: 405, 400, 403, 406, 415", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 1, allocationIntervalMs: 100 });
  const api = `${cluster.masterUrl}/api/v1/scheduler`;
  const streams: RawStream[] = [];
  try {
    const get = await fetch(api);
    await get.body?.cancel();
    assert.equal(get.status, 405);

    const sub415 = await post(api, subscribeCall(), {
      "Content-Type": "application/json; charset=utf-8",
    });
    assert.equal(sub415.status, 415, sub415.text);
    const noCt = await fetch(api, {
      method: "POST",
      body: new Blob([JSON.stringify(subscribeCall())]),
    });
    await noCt.body?.cancel();
    assert.equal(noCt.status, 400, "missing Content-Type is 400");
    const sub406 = await post(api, subscribeCall(), { ...JSON_CT, Accept: "text/html" });
    assert.equal(sub406.status, 406, sub406.text);
    const withId = await post(api, subscribeCall(), { ...JSON_CT, "Mesos-Stream-Id": "x" });
    assert.equal(withId.status, 400, withId.text);
    const mismatch = await post(
      api,
      { ...subscribeCall(), framework_id: { value: "abc" } },
      JSON_CT,
    );
    assert.equal(mismatch.status, 400, mismatch.text);
    const camel = await post(api, { type: "SUBSCRIBE", subscribe: { frameworkInfo: {} } }, JSON_CT);
    assert.equal(camel.status, 400, "camelCase keys are dropped, so required fields are missing");

    const fw = await subscribe(api, { failover_timeout: 60 });
    streams.push(fw.stream);
    const revive = { framework_id: { value: fw.id }, type: "REVIVE" };
    assert.equal((await post(api, revive, fw.headers)).status, 202);
    const noStream = await post(api, revive, JSON_CT);
    assert.equal(noStream.status, 400, noStream.text);
    assert.match(noStream.text, /Mesos-Stream-Id/);
    const wrongStream = await post(api, revive, {
      ...JSON_CT,
      "Mesos-Stream-Id": crypto.randomUUID(),
    });
    assert.equal(wrongStream.status, 400, wrongStream.text);
    const badCt = await post(api, revive, {
      ...fw.headers,
      "Content-Type": "application/json; charset=utf-8",
    });
    assert.equal(badCt.status, 415);
    const noFw = await post(api, { type: "REVIVE" }, fw.headers);
    assert.equal(noFw.status, 400, "framework_id is required");
    const unknownFw = await post(api, { ...revive, framework_id: { value: "nope" } }, fw.headers);
    assert.equal(unknownFw.status, 400);
    const badAck = await post(api, {
      framework_id: { value: fw.id },
      type: "ACKNOWLEDGE",
      acknowledge: { agent_id: { value: "a" }, task_id: { value: "t" }, uuid: btoa("not-a-uuid") },
    }, fw.headers);
    assert.equal(badAck.status, 400, "acknowledge uuid must be 16 bytes of a UUID");

    // A second subscription of the same framework closes the first with an ERROR.
    const second = await subscribeRaw(api, {
      framework_id: { value: fw.id },
      ...subscribeCall({ id: { value: fw.id }, failover_timeout: 60 }),
    });
    streams.push(second);
    await second.next("SUBSCRIBED");
    const err = await fw.stream.next("ERROR");
    assert.equal((err.error as { message: string }).message, "Framework failed over");
    await waitFor(() => fw.stream.ended, { what: "the old stream to end" });
    const oldId = await post(api, revive, fw.headers);
    assert.equal(oldId.status, 400, "the old stream id is no longer valid");

    // Disconnected (within failover_timeout): calls are 403 until it subscribes again.
    await second.close();
    await waitFor(() => !cluster.master.frameworks.get(fw.id)!.connected, { what: "disconnect" });
    const forbidden = await post(api, revive, { ...JSON_CT, "Mesos-Stream-Id": second.streamId });
    assert.equal(forbidden.status, 403, forbidden.text);
  } finally {
    for (const s of streams) await s.close();
    await cluster.close();
  }
});

Deno.test("Accept picks the stream encoding (JSON first); UPDATE_FRAMEWORK is synchronous", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 0 });
  const api = `${cluster.masterUrl}/api/v1/scheduler`;
  const streams: RawStream[] = [];
  try {
    const cases: [string | undefined, string][] = [
      [undefined, "application/json"],
      ["*/*", "application/json"],
      ["application/x-protobuf, application/json", "application/json"],
      ["application/x-protobuf", "application/x-protobuf"],
    ];
    for (const [accept, expected] of cases) {
      const headers: Record<string, string> = { ...JSON_CT };
      if (accept !== undefined) headers.Accept = accept;
      const abort = new AbortController();
      const res = await fetch(api, {
        method: "POST",
        headers,
        body: JSON.stringify(subscribeCall()),
        signal: abort.signal,
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), expected, `Accept: ${accept}`);
      assert.ok(res.headers.get("mesos-stream-id"));
      streams.push(new RawStream(res, abort));
    }
    const fw = await subscribe(api, { failover_timeout: 60 });
    streams.push(fw.stream);
    const info = {
      user: "root",
      name: "renamed",
      id: { value: fw.id },
      roles: ["*"],
      failover_timeout: 60,
      capabilities: [{ type: "MULTI_ROLE" }],
    };
    const update = (fi: Record<string, unknown>) =>
      post(api, {
        framework_id: { value: fw.id },
        type: "UPDATE_FRAMEWORK",
        update_framework: { framework_info: fi },
      }, fw.headers);
    assert.equal((await update(info)).status, 200);
    const state = await (await fetch(`${cluster.masterUrl}/state`)).json();
    assert.equal(
      state.frameworks.find((f: { id: string }) => f.id === fw.id).name,
      "renamed",
    );
    assert.equal((await update({ ...info, user: "someone-else" })).status, 400);
  } finally {
    for (const s of streams) await s.close();
    await cluster.close();
  }
});
