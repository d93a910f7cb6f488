/**
 * Child of scheduler_client_close_test.ts, run with `--v8-flags=--expose-gc`: subscribes a
 * SchedulerClient to a scripted master whose stream stays open, collects garbage, closes the
 * client and prints "closed" once close() returned (see core/util/follow_abort.ts).
 */
import { CONTENT_TYPE_PROTOBUF, SchedulerClient } from "../../../core/mesos/mod.ts";
import { INFO, master, next, subscribed } from "./scheduler_fixtures.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --v8-flags=--expose-gc");
const server = master(CONTENT_TYPE_PROTOBUF, (s) => s.send(subscribed()));
const client = new SchedulerClient({ master: server.address, frameworkInfo: INFO });
await next(client.events[Symbol.asyncIterator]());
for (let i = 0; i < 5; i++) {
  gc();
  await new Promise((r) => setTimeout(r, 10));
}
await client.close();
console.log("closed");
await server.close();
