/** Shared fixtures of the scheduler client tests: a scripted master and sample events. */
import assert from "node:assert/strict";
import type { MesosContentType, SchedulerEvent } from "../../../core/mesos/mod.ts";
import { type EventStream, ScriptedServer } from "./scripted_server.ts";

export const CALL = "mesos.v1.scheduler.Call";
export const EVENT = "mesos.v1.scheduler.Event";
export const FID = "20261125-090000-16777343-5050-1234-0000";
export const INFO = {
  user: "root",
  name: "Kubernetes",
  failover_timeout: 604800,
  checkpoint: true,
};
export const subscribed = (hb = 15) => ({
  type: "SUBSCRIBED",
  subscribed: { framework_id: { value: FID }, heartbeat_interval_seconds: hb },
});
export const OFFERS = {
  type: "OFFERS",
  offers: {
    offers: [{
      id: { value: "O-1" },
      framework_id: { value: FID },
      agent_id: { value: "S0" },
      hostname: "node-a",
      resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 2 } }],
    }],
  },
};

/** A master that streams on SUBSCRIBE (via `onSubscribe`) and answers 202 to other calls. */
export function master(ct: MesosContentType, onSubscribe: (s: EventStream, n: number) => void) {
  let n = 0;
  return new ScriptedServer(CALL, EVENT, (req, server) => {
    if (req.call?.type !== "SUBSCRIBE") return new Response(null, { status: 202 });
    const s = server.openStream(ct, { "Mesos-Stream-Id": `stream-${++n}` });
    onSubscribe(s, n);
    return s.response;
  });
}

/** The next event, asserting the stream has not ended. */
export async function next(it: AsyncIterator<SchedulerEvent>): Promise<SchedulerEvent> {
  const r = await it.next();
  assert.equal(r.done, false);
  return r.value;
}
