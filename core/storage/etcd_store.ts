/**
 * The clustered Store on etcd v3 (npm:etcd3). Revisions are etcd's: an object's
 * resourceVersion is its mod_revision; writes are transactions comparing create/mod revision,
 * so concurrent writers from any process stay consistent. Leases are not used.
 */
import { Buffer } from "node:buffer";
import { Etcd3, type IKeyValue, type IRangeRequest } from "etcd3";
import type { ListResult, Preconditions, Store, StoredObject, Watch } from "./store.ts";
import {
  alreadyExists,
  checkPreconditions,
  decodeObject,
  encodeObject,
  expired,
  notFound,
  withRevision,
} from "./stored_value.ts";
import { type RawEntry, updateWithRetry } from "./update_loop.ts";
import { etcdUnavailable, isCompactedError, isFutureRevisionError } from "./etcd_errors.ts";
import { openEtcdWatch } from "./etcd_watch.ts";
import { PLAIN_VALUES, type ValueTransformer } from "./encryption/value_transformer.ts";

/** Options of an EtcdStore. */
export interface EtcdStoreOptions {
  /** Client URLs (`http://host:2379`); see parseEtcdEndpoints for accepted forms. */
  endpoints: string[];
  /** Deadline of each request and of connecting a watch, in ms (default 10,000). */
  timeoutMs?: number;
  /** Keys fetched per range request when listing (default 5,000). */
  listPageSize?: number;
  /** Encrypts values at rest (--encryption-provider-config); default plain text. */
  transformer?: ValueTransformer;
}

/** The smallest byte string above every key starting with `prefix`; [0] = no bound. */
function rangeEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/** The etcd Store backend. */
export class EtcdStore implements Store {
  readonly endpoints: string[];
  #client: Etcd3;
  #timeoutMs: number;
  #pageSize: number;
  #values: ValueTransformer;
  #pendingCancels = new Set<Promise<void>>();
  #watches = new Map<object, () => void>();
  readonly #registry = {
    opened: (w: object, stop: () => void) => this.#watches.set(w, stop),
    ended: (w: object, cancelled: Promise<void>) => {
      this.#watches.delete(w);
      this.#pendingCancels.add(cancelled);
      void cancelled.finally(() => this.#pendingCancels.delete(cancelled));
    },
  };
  #closed = false;
  readonly #backend = {
    read: (key: string) => this.#read(key),
    swap: (key: string, value: string, expected: RawEntry) => this.#swap(key, value, expected),
  };

  /** Creates a client for `options.endpoints`; connecting happens on first use. */
  constructor(options: EtcdStoreOptions) {
    this.endpoints = options.endpoints;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#pageSize = Math.max(1, options.listPageSize ?? 5_000);
    this.#values = options.transformer ?? PLAIN_VALUES;
    const timeout = this.#timeoutMs;
    this.#client = new Etcd3({
      hosts: options.endpoints,
      dialTimeout: timeout,
      grpcOptions: { "grpc.max_receive_message_length": 512 * 1024 * 1024 },
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeout }),
    });
  }

  async get<T extends StoredObject>(key: string): Promise<T | undefined> {
    const e = await this.#read(key);
    return e === undefined ? undefined : decodeObject<T>(e.value, e.modRevision);
  }

  async list<T extends StoredObject>(prefix: string): Promise<ListResult<T>> {
    // A compaction between pages invalidates the pinned revision: start over (rarely needed).
    for (let attempt = 1;; attempt++) {
      try {
        return await this.#listOnce<T>(prefix);
      } catch (e) {
        if (!isCompactedError(e)) throw e;
        if (attempt >= 3) throw etcdUnavailable(this.endpoints, "list", prefix, e);
      }
    }
  }

  async #listOnce<T extends StoredObject>(prefix: string): Promise<ListResult<T>> {
    const start = prefix === "" ? Buffer.from([0]) : Buffer.from(prefix);
    const end = prefix === "" ? Buffer.from([0]) : rangeEnd(start);
    const items: T[] = [];
    let revision = 0;
    let from = start;
    for (;;) {
      const req: IRangeRequest = { key: from, range_end: end, limit: this.#pageSize };
      if (revision > 0) req.revision = revision;
      const res = await this.#call("list", prefix, () => this.#client.kv.range(req));
      if (revision === 0) revision = Number(res.header.revision);
      for (const kv of res.kvs) {
        const value = this.#values.open(kv.key.toString("utf8"), kv.value);
        items.push(decodeObject<T>(value, Number(kv.mod_revision)));
      }
      if (!res.more || res.kvs.length === 0) break;
      from = Buffer.concat([res.kvs[res.kvs.length - 1].key, Buffer.from([0])]);
    }
    return { items, revision };
  }

  async create<T extends StoredObject>(key: string, obj: T): Promise<T> {
    const { json, stripped } = encodeObject(key, obj);
    const k = Buffer.from(key);
    const res = await this.#call("create", key, () =>
      this.#client.kv.txn({
        compare: [{ key: k, target: "Create", result: "Equal", create_revision: 0 }],
        success: [{ request_put: { key: k, value: Buffer.from(this.#values.seal(key, json)) } }],
      }));
    if (!res.succeeded) throw alreadyExists(key);
    return withRevision(stripped, Number(res.header.revision));
  }

  update<T extends StoredObject>(
    key: string,
    fn: (current: T) => T | Promise<T>,
    precondition?: Preconditions,
  ): Promise<T> {
    return updateWithRetry(this.#backend, key, fn, precondition);
  }

  async delete<T extends StoredObject>(key: string, precondition?: Preconditions): Promise<T> {
    const k = Buffer.from(key);
    for (;;) {
      const e = await this.#read(key);
      if (e === undefined) throw notFound(key);
      checkPreconditions(key, decodeObject(e.value, e.modRevision), e.modRevision, precondition);
      const res = await this.#call("delete", key, () =>
        this.#client.kv.txn({
          compare: [{ key: k, target: "Mod", result: "Equal", mod_revision: e.modRevision }],
          success: [{ request_delete_range: { key: k } }],
        }));
      if (res.succeeded) return decodeObject<T>(e.value, Number(res.header.revision));
    }
  }

  async watch<T extends StoredObject>(prefix: string, afterRevision: number): Promise<Watch<T>> {
    // Ranging at the first wanted revision fails exactly when a watch from there would.
    const start = prefix === "" ? Buffer.from([0]) : Buffer.from(prefix);
    const end = prefix === "" ? Buffer.from([0]) : rangeEnd(start);
    const probe = { key: start, range_end: end, revision: afterRevision + 1, count_only: true };
    try {
      await this.#call("watch", prefix, () => this.#client.kv.range(probe));
    } catch (e) {
      if (isCompactedError(e)) throw expired(prefix, afterRevision, afterRevision + 1);
      if (!isFutureRevisionError(e)) throw e;
    }
    return await openEtcdWatch<T>(
      this.#client,
      prefix,
      afterRevision,
      this.endpoints,
      this.#registry,
      this.#timeoutMs,
      this.#values,
    );
  }

  async currentRevision(): Promise<number> {
    const res = await this.#call(
      "read the revision of",
      "/",
      () => this.#client.kv.range({ key: Buffer.from([0]), count_only: true }),
    );
    return Number(res.header.revision);
  }

  async compact(revision: number): Promise<void> {
    // etcd keeps the compaction revision itself; the contract forgets it too, hence + 1.
    const current = await this.currentRevision();
    const target = Math.min(revision + 1, current);
    if (target < 1) return;
    try {
      await this.#call(
        "compact",
        `revision ${target}`,
        () => this.#client.kv.compact({ revision: target, physical: true }),
      );
    } catch (e) {
      if (!isCompactedError(e)) throw e;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const stop of [...this.#watches.values()]) stop();
    await Promise.all([...this.#pendingCancels]);
    this.#client.close();
  }

  async #call<R>(what: string, key: string, fn: () => Promise<R>): Promise<R> {
    if (this.#closed) {
      throw etcdUnavailable(this.endpoints, what, key, new Error("the store is closed"));
    }
    try {
      return await fn();
    } catch (e) {
      if (isCompactedError(e) || isFutureRevisionError(e)) throw e;
      throw etcdUnavailable(this.endpoints, what, key, e);
    }
  }

  async #read(key: string): Promise<RawEntry | undefined> {
    const res = await this.#call(
      "read",
      key,
      () => this.#client.kv.range({ key: Buffer.from(key) }),
    );
    const kv: IKeyValue | undefined = res.kvs[0];
    return kv === undefined
      ? undefined
      : { value: this.#values.open(key, kv.value), modRevision: Number(kv.mod_revision) };
  }

  async #swap(key: string, value: string, expected: RawEntry): Promise<number | undefined> {
    const k = Buffer.from(key);
    const res = await this.#call("update", key, () =>
      this.#client.kv.txn({
        compare: [{ key: k, target: "Mod", result: "Equal", mod_revision: expected.modRevision }],
        success: [{ request_put: { key: k, value: Buffer.from(this.#values.seal(key, value)) } }],
      }));
    return res.succeeded ? Number(res.header.revision) : undefined;
  }
}
