/**
 * Acceptance 3: the scheduler API's HTTP rules against mesos-local over raw HTTP — stream ids
 * (400), calls of an unsubscribed framework (403), exact Content-Type (415), Accept (406),
 * methods (405), and the refusal of reused or foreign offers and of bad TaskInfos.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import { post, type RawStream, subscribeRaw } from "../../../_helpers/raw_mesos_stream.ts";

const JSON_CT = { "Content-Type": "application/json" };

function subscribeCall(extra: Record<string, unknown> = {}) {
  return {
    type: "SUBSCRIBE",
    subscribe: {
      framework_info: {
        user: "root",
        name: "raw",
        roles: ["*"],
        capabilities: [{ type: "MULTI_ROLE" }],
        ...extra,
      },
    },
  };
}

interface RawFramework {
  stream: RawStream;
  id: string;
  headers: Record<string, string>;
}

async function subscribe(api: string, extra: Record<string, unknown> = {}): Promise<RawFramework> {
  const stream = await subscribeRaw(api, subscribeCall(extra));
  const ev = await stream.next("SUBSCRIBED");
  const id = (ev.subscribed as { framework_id: { value: string } }).framework_id.value;
  return { stream, id, headers: { ...JSON_CT, "Mesos-Stream-Id": stream.streamId } };
}

async function firstOffer(fw: RawFramework): Promise<Record<string, unknown>> {
  const ev = await fw.stream.next("OFFERS");
  return (ev.offers as { offers: Record<string, unknown>[] }).offers[0];
}

function offersOf(fw: RawFramework): Record<string, unknown>[] {
  return fw.stream.events.filter((e) => e.type === "OFFERS").flatMap((e) =>
    (e.offers as { offers: Record<string, unknown>[] }).offers
  );
}

function updatesOf(fw: RawFramework, taskId: string): Record<string, unknown>[] {
  return fw.stream.events.filter((e) => e.type === "UPDATE").map((e) =>
    (e.update as { status: Record<string, unknown> }).status
  ).filter((s) => (s.task_id as { value: string }).value === taskId);
}

function waitUpdate(fw: RawFramework, taskId: string): Promise<Record<string, unknown>> {
  return waitFor(() => updatesOf(fw, taskId)[0], { what: `an update for ${taskId}` });
}

function task(id: string, offer: Record<string, unknown>, extra: Record<string, unknown>) {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
    ...extra,
  };
}

function accept(fwId: string, offerIds: unknown[], tasks: unknown[]) {
  return {
    framework_id: { value: fwId },
    type: "ACCEPT",
    accept: {
      offer_ids: offerIds,
      operations: [{ type: "LAUNCH", launch: { task_infos: tasks } }],
      filters: { refuse_seconds: 0 },
    },
  };
}

const sleepCommand = { value: "sleep 30" };

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

Deno.test("reused and foreign offers are refused; bad TaskInfos get TASK_ERROR", async () => {
  const cluster = await startLocalCluster({ port: 0, agents: 2, allocationIntervalMs: 100 });
  const api = `${cluster.masterUrl}/api/v1/scheduler`;
  const a = await subscribe(api);
  // The first framework is offered both agents; it declines one for an hour so the
  // second framework gets it.
  await waitFor(() => offersOf(a).length >= 2, { what: "offers of both agents" });
  const [offerA, spare] = offersOf(a);
  const b = await subscribe(api, {
    capabilities: [{ type: "MULTI_ROLE" }, { type: "PARTITION_AWARE" }],
  });
  try {
    const decline = {
      framework_id: { value: a.id },
      type: "DECLINE",
      decline: { offer_ids: [spare.id], filters: { refuse_seconds: 3600 } },
    };
    assert.equal((await post(api, decline, a.headers)).status, 202);
    const offerB = await firstOffer(b);
    assert.equal(
      (offerB.agent_id as { value: string }).value,
      (spare.agent_id as { value: string }).value,
    );

    // First use of A's offer works (a command task).
    assert.equal(
      (await post(
        api,
        accept(a.id, [offerA.id], [task("ok", offerA, { command: sleepCommand })]),
        a.headers,
      )).status,
      202,
    );
    const ok = await waitUpdate(a, "ok");
    assert.notEqual(ok.state, "TASK_LOST");

    // Reusing it: the task is lost with REASON_INVALID_OFFERS and no uuid.
    assert.equal(
      (await post(
        api,
        accept(a.id, [offerA.id], [task("again", offerA, { command: sleepCommand })]),
        a.headers,
      )).status,
      202,
    );
    const again = await waitUpdate(a, "again");
    assert.equal(again.state, "TASK_LOST");
    assert.equal(again.reason, "REASON_INVALID_OFFERS");
    assert.equal(again.source, "SOURCE_MASTER");
    assert.equal(again.uuid, undefined);

    // B uses A's... no: B uses an offer it does not hold → TASK_DROPPED (PARTITION_AWARE).
    const foreignOffer = { value: String((offerA.id as { value: string }).value) };
    assert.equal(
      (await post(
        api,
        accept(b.id, [foreignOffer], [task("foreign", offerB, { command: sleepCommand })]),
        b.headers,
      )).status,
      202,
    );
    const foreign = await waitUpdate(b, "foreign");
    assert.equal(foreign.state, "TASK_DROPPED");
    assert.equal(foreign.reason, "REASON_INVALID_OFFERS");

    // Both executor and command → TASK_ERROR / REASON_TASK_INVALID, and the offer is consumed.
    const both = task("both", offerB, {
      command: sleepCommand,
      executor: { executor_id: { value: "x" }, command: sleepCommand },
    });
    assert.equal((await post(api, accept(b.id, [offerB.id], [both]), b.headers)).status, 202);
    const bad = await waitUpdate(b, "both");
    assert.equal(bad.state, "TASK_ERROR");
    assert.equal(bad.reason, "REASON_TASK_INVALID");
    assert.equal(bad.uuid, undefined);
    assert.match(String(bad.message), /not both/);

    // Too many resources, and a duplicate task id, in one ACCEPT of a fresh offer.
    const mark = b.stream.events.length;
    const next = await b.stream.next("OFFERS", mark);
    const offer2 = (next.offers as { offers: Record<string, unknown>[] }).offers[0];
    const huge = task("huge", offer2, {
      command: sleepCommand,
      resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 100000 } }],
    });
    const first = task("dup", offer2, { command: sleepCommand });
    const dup = task("dup", offer2, { command: sleepCommand });
    assert.equal(
      (await post(api, accept(b.id, [offer2.id], [huge, first, dup]), b.headers)).status,
      202,
    );
    const hugeUpdate = await waitUpdate(b, "huge");
    assert.equal(hugeUpdate.state, "TASK_ERROR");
    assert.match(String(hugeUpdate.message), /more resources/);
    await waitFor(() => updatesOf(b, "dup").some((s) => s.state === "TASK_ERROR"), {
      what: "duplicate refused",
    });
    assert.match(
      String(updatesOf(b, "dup").find((s) => s.state === "TASK_ERROR")!.message),
      /duplicate ID/,
    );
  } finally {
    await a.stream.close();
    await b.stream.close();
    await cluster.close();
  }
});
