/**
 * One etcd watch as a Store Watch: a prefix watcher with previous values, started right after
 * the caller's revision, feeding a QueueWatch. A server-side cancel (compaction) ends it with
 * "Expired"; a lost connection ends it with "Unavailable" so the caller re-watches from the
 * last revision it saw instead of silently missing events.
 */
import { Buffer } from "node:buffer";
import type { Etcd3, IKeyValue, Watcher } from "etcd3";
import { type StoredObject, StoreError, type Watch } from "./store.ts";
import { QueueWatch, type RawEvent } from "./queue_watch.ts";
import { PLAIN_VALUES, type ValueTransformer } from "./encryption/value_transformer.ts";

/** The store's bookkeeping of open watches, so close() can end them and await etcd. */
export interface EtcdWatchRegistry {
  /** A watch opened; `stop` ends it. */
  opened(watch: object, stop: () => void): void;
  /** The watch ended; `cancelled` settles once etcd dropped it. */
  ended(watch: object, cancelled: Promise<void>): void;
}

/** The RawEvent for one etcd change (values opened by `values`). */
export function etcdEvent(
  kind: "put" | "delete",
  kv: IKeyValue,
  prev: IKeyValue | undefined,
  values: ValueTransformer = PLAIN_VALUES,
): RawEvent {
  const key = kv.key.toString("utf8");
  const text = (b: Buffer | undefined) =>
    b === undefined || b.length === 0 ? "{}" : values.open(key, b);
  const revision = Number(kv.mod_revision);
  if (kind === "delete") {
    const ev: RawEvent = { type: "DELETED", key, revision, value: text(prev?.value) };
    if (prev !== undefined) {
      ev.prevValue = ev.value;
      ev.prevRevision = Number(prev.mod_revision);
    }
    return ev;
  }
  const added = kv.create_revision === kv.mod_revision;
  const ev: RawEvent = { type: added ? "ADDED" : "MODIFIED", key, revision, value: text(kv.value) };
  if (!added && prev !== undefined) {
    ev.prevValue = text(prev.value);
    ev.prevRevision = Number(prev.mod_revision);
  }
  return ev;
}

/**
 * Opens a watch on `prefix` for revisions after `afterRevision`; resolves once etcd confirmed
 * it, rejects with "Unavailable" when that takes longer than `connectTimeoutMs`.
 */
export function openEtcdWatch<T extends StoredObject>(
  client: Etcd3,
  prefix: string,
  afterRevision: number,
  endpoints: string[],
  registry: EtcdWatchRegistry,
  connectTimeoutMs: number,
  values: ValueTransformer = PLAIN_VALUES,
): Promise<Watch<T>> {
  const builder = prefix === ""
    ? client.watch().inRange({ start: Buffer.from([0]), end: Buffer.from([0]) })
    : client.watch().prefix(prefix);
  const w: Watcher = builder.withPreviousKV().startRevision(String(afterRevision + 1)).watcher();
  let cancelled = false;
  const q: QueueWatch<T> = new QueueWatch<T>(prefix, () => {
    const done = cancelled ? Promise.resolve() : w.cancel().catch(() => {});
    cancelled = true;
    registry.ended(q, done);
  });
  registry.opened(q, () => q.stop());
  const push = (kind: "put" | "delete", kv: IKeyValue, prev: IKeyValue | undefined) => {
    try {
      q.push(etcdEvent(kind, kv, prev, values));
    } catch (e) {
      q.fail(new StoreError("Unavailable", prefix, e instanceof Error ? e.message : String(e)));
    }
  };
  w.on("put", (kv, prev) => push("put", kv, prev));
  w.on("delete", (kv, prev) => push("delete", kv, prev));
  return new Promise<Watch<T>>((resolve, reject) => {
    let connected = false;
    const timer = setTimeout(() => {
      const err = new StoreError(
        "Unavailable",
        prefix,
        `etcd at ${endpoints.join(",")} did not accept a watch on ${prefix} within ` +
          `${connectTimeoutMs} ms; check that etcd is running and reachable there`,
      );
      q.fail(err);
      reject(err);
    }, connectTimeoutMs);
    w.on("connected", () => {
      if (connected) return;
      connected = true;
      clearTimeout(timer);
      resolve(q);
    });
    w.on("error", (e: unknown) => {
      clearTimeout(timer);
      const msg = e instanceof Error ? e.message : String(e);
      const err = new StoreError(
        "Expired",
        prefix,
        `etcd ended the watch on ${prefix} (${msg || "history compacted"}); ` +
          `list again and watch from the list's revision`,
      );
      cancelled = true; // etcd already removed the watcher
      q.fail(err);
      if (!connected) reject(err);
    });
    w.on("disconnected", () => {
      if (!connected) return;
      q.fail(
        new StoreError(
          "Unavailable",
          prefix,
          `lost the connection to etcd at ${endpoints.join(",")} while watching ${prefix}; ` +
            `watch again from the last revision seen`,
        ),
      );
    });
  });
}
