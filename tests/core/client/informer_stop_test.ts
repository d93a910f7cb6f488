/**
 * Stopping an informer or a watch must always settle, even with hundreds of objects under
 * watch and a steady stream of updates arriving while it stops.
 */
import assert from "node:assert/strict";
import { Informer } from "../../../core/client/informer.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import { waitFor } from "../../../core/util/wait.ts";
import {
  jsonBody,
  startTestApiServer,
  type TestApiServer,
  testPod,
} from "../../_helpers/apiserver.ts";

const PODS = "/api/v1/namespaces/default/pods";
const POD_COUNT = 250;
const ROUNDS = 60;
const STOP_DEADLINE_MS = 5000;

/** Resolves to "stopped" or, when `p` has not settled within `ms`, to "hung". */
async function settlesWithin(p: Promise<void>, ms: number): Promise<"stopped" | "hung"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"hung">((r) => timer = setTimeout(() => r("hung"), ms));
  try {
    return await Promise.race([p.then(() => "stopped" as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function createPods(s: TestApiServer): Promise<void> {
  for (let i = 0; i < POD_COUNT; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, POD_COUNT - i) }, async (_, j) => {
        const r = await s.json(PODS, jsonBody("POST", testPod(`p-${i + j}`, { app: "load" })));
        assert.equal(r.status, 201);
      }),
    );
  }
}

/** Patches pods in a loop until `stop` is set, so watches always have events to deliver. */
function churn(s: TestApiServer, state: { stop: boolean }): Promise<void> {
  return (async () => {
    let n = 0;
    while (!state.stop) {
      const name = `p-${n % POD_COUNT}`;
      await s.json(
        `${PODS}/${name}`,
        jsonBody(
          "PATCH",
          { metadata: { labels: { round: `${n}` } } },
          "application/merge-patch+json",
        ),
      );
      n++;
    }
  })();
}

Deno.test("informer: stop() settles every time under load with updates streaming", async () => {
  const s = await startTestApiServer();
  const client = new RestClient({ server: s.url });
  const state = { stop: false };
  let churning: Promise<void> | undefined;
  try {
    await createPods(s);
    churning = churn(s, state);
    for (let round = 0; round < ROUNDS; round++) {
      const infs = [0, 1, 2].map(() => new Informer(client, { ref: { resource: "pods" } }));
      let events = 0;
      for (const inf of infs) {
        await inf.addHandlers({ onUpdate: () => void events++ });
        inf.start();
      }
      if (round % 3 !== 0) {
        for (const inf of infs) await inf.waitForSync();
        assert.equal(infs[0].list().length, POD_COUNT);
      }
      if (round % 3 === 1) await waitFor(() => events > 0, { what: "an update event" });
      const outcome = await settlesWithin(
        Promise.all(infs.map((i) => i.stop())).then(() => {}),
        STOP_DEADLINE_MS,
      );
      assert.equal(outcome, "stopped", `informer stop in round ${round} did not settle`);
    }
  } finally {
    state.stop = true;
    await churning;
    await s.stop();
  }
});

Deno.test("watch: breaking out of the iteration or aborting settles under load", async () => {
  const s = await startTestApiServer();
  const client = new RestClient({ server: s.url });
  const state = { stop: false };
  let churning: Promise<void> | undefined;
  try {
    await createPods(s);
    churning = churn(s, state);
    for (let round = 0; round < ROUNDS; round++) {
      const abort = new AbortController();
      const run = (async () => {
        let n = 0;
        try {
          for await (const _ev of client.watch({ resource: "pods" }, {}, abort.signal)) {
            n++;
            if (round % 2 === 1 && n >= 300) break;
            if (round % 2 === 0 && n === 100) abort.abort();
          }
        } catch (e) {
          // Aborting before the answer arrived rejects the request itself.
          if (!abort.signal.aborted) throw e;
        }
      })();
      const outcome = await settlesWithin(run, STOP_DEADLINE_MS);
      abort.abort();
      assert.equal(outcome, "stopped", `watch end in round ${round} did not settle`);
    }
  } finally {
    state.stop = true;
    await churning;
    await s.stop();
  }
});
