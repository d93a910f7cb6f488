/**
 * Acceptance 3 (offers and tasks over raw HTTP): a reused or foreign offer loses its tasks
 * (TASK_LOST / TASK_DROPPED, REASON_INVALID_OFFERS, no uuid); a TaskInfo with both executor and
 * command, too many resources or a duplicate id gets TASK_ERROR.
 */
import assert from "node:assert/strict";
import { startLocalCluster } from "../../../../core/mesos/local/local_cluster.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import {
  post,
  type RawFramework,
  subscribeFramework as subscribe,
} from "../../../_helpers/raw_mesos_stream.ts";

const sleepCommand = { value: "sleep 30" };

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
