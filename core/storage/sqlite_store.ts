/**
 * The embedded Store: one sqlite file (node:sqlite, WAL) holding the live keys and a log of
 * recent revisions for watch replay. One transaction per write; the file is locked to this
 * process, so the revision counter kept in memory is authoritative.
 */
import { DatabaseSync } from "node:sqlite";
import {
  type ListResult,
  type Preconditions,
  type Store,
  type StoredObject,
  StoreError,
  type Watch,
} from "./store.ts";
import {
  alreadyExists,
  checkPreconditions,
  decodeObject,
  encodeObject,
  expired,
  notFound,
  prefixEnd,
  withRevision,
} from "./stored_value.ts";
import type { RawEvent } from "./queue_watch.ts";
import { type RawEntry, updateWithRetry } from "./update_loop.ts";
import { WatchHub } from "./watch_hub.ts";
import {
  PLAIN_VALUES,
  type ValueTransformer,
  ValueTransformError,
} from "./encryption/value_transformer.ts";
import {
  EVENT_CODES,
  EVENT_TYPES,
  initSchema,
  type KvListRow,
  type KvRow,
  type LogRow,
  prepareStatements,
  type Statements,
} from "./sqlite_schema.ts";

/** Options of a SqliteStore. */
export interface SqliteStoreOptions {
  /** The database file (created if missing); ":memory:" for a throwaway database. */
  path: string;
  /** Newest revisions kept for watch replay (default 10,000). */
  historyLimit?: number;
  /** Revisions older than this many ms are compacted too (default 5 minutes; 0 = never). */
  historyMaxAgeMs?: number;
  /** Encrypts values at rest (--encryption-provider-config); default plain text. */
  transformer?: ValueTransformer;
}

/** The sqlite Store backend. */
export class SqliteStore implements Store {
  readonly path: string;
  #db: DatabaseSync;
  #st: Statements;
  #revision: number;
  #compacted: number;
  #closed = false;
  #writesSinceCompact = 0;
  #hub = new WatchHub();
  readonly #historyLimit: number;
  readonly #maxAgeMs: number;
  readonly #values: ValueTransformer;
  readonly #backend = {
    read: (key: string) => this.#guard(key, () => this.#read(key)),
    swap: (key: string, value: string, expected: RawEntry) =>
      this.#guard(key, () => this.#swap(key, value, expected)),
  };

  /** Opens (or creates) the database at `options.path`; throws "Unavailable" when it cannot. */
  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    this.#historyLimit = Math.max(1, options.historyLimit ?? 10_000);
    this.#maxAgeMs = options.historyMaxAgeMs ?? 5 * 60_000;
    this.#values = options.transformer ?? PLAIN_VALUES;
    try {
      this.#db = new DatabaseSync(options.path);
    } catch (e) {
      throw this.#unavailable(options.path, e);
    }
    try {
      initSchema(this.#db);
      this.#st = prepareStatements(this.#db);
      const bounds = this.#st.logBounds.get() as { hi: number | null };
      const meta = this.#st.getMeta.get("compacted") as { value: number } | undefined;
      const kvMax = this.#st.maxModRev.get() as { rev: number | null };
      this.#compacted = meta?.value ?? 0;
      this.#revision = Math.max(bounds.hi ?? 0, this.#compacted, kvMax.rev ?? 0);
    } catch (e) {
      this.#db.close();
      throw this.#unavailable(options.path, e);
    }
  }

  get<T extends StoredObject>(key: string): Promise<T | undefined> {
    return this.#run(key, () => {
      const e = this.#read(key);
      return e === undefined ? undefined : decodeObject<T>(e.value, e.modRevision);
    });
  }

  list<T extends StoredObject>(prefix: string): Promise<ListResult<T>> {
    return this.#run(prefix, () => {
      const end = prefixEnd(prefix);
      const rows = (end === ""
        ? this.#st.listAll.all()
        : this.#st.listRange.all(prefix, end)) as unknown as KvListRow[];
      const items = new Array<T>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const [value, rev, key] = rows[i];
        items[i] = decodeObject<T>(
          typeof value === "string" && !this.#values.encrypting
            ? value
            : this.#values.open(key, value),
          rev,
        );
      }
      return { items, revision: this.#revision };
    });
  }

  create<T extends StoredObject>(key: string, obj: T): Promise<T> {
    return this.#run(key, () => {
      const { json, stripped } = encodeObject(key, obj);
      const sealed = this.#values.seal(key, json);
      const rev = this.#revision + 1;
      this.#transaction(() => {
        const r = this.#st.insertKv.run(key, sealed, rev, rev);
        if (r.changes === 0) throw alreadyExists(key);
        this.#st.insertLog.run(rev, key, EVENT_CODES.ADDED, sealed, null, null, Date.now());
      });
      this.#committed({ type: "ADDED", key, revision: rev, value: json });
      return withRevision(stripped, rev);
    });
  }

  update<T extends StoredObject>(
    key: string,
    fn: (current: T) => T | Promise<T>,
    precondition?: Preconditions,
  ): Promise<T> {
    return updateWithRetry(this.#backend, key, fn, precondition);
  }

  delete<T extends StoredObject>(key: string, precondition?: Preconditions): Promise<T> {
    return this.#run(key, () => {
      const e = this.#read(key);
      if (e === undefined) throw notFound(key);
      checkPreconditions(key, decodeObject(e.value, e.modRevision), e.modRevision, precondition);
      const rev = this.#revision + 1;
      this.#transaction(() => {
        this.#st.deleteKv.run(key, e.modRevision);
        this.#st.insertLog.run(
          rev,
          key,
          EVENT_CODES.DELETED,
          e.stored ?? e.value,
          null,
          e.modRevision,
          Date.now(),
        );
      });
      this.#committed({
        type: "DELETED",
        key,
        revision: rev,
        value: e.value,
        prevValue: e.value,
        prevRevision: e.modRevision,
      });
      return decodeObject<T>(e.value, rev);
    });
  }

  watch<T extends StoredObject>(prefix: string, afterRevision: number): Promise<Watch<T>> {
    return this.#run(prefix, () => {
      if (afterRevision < this.#compacted) throw expired(prefix, afterRevision, this.#compacted);
      const backlog: RawEvent[] = [];
      if (afterRevision < this.#revision) {
        const end = prefixEnd(prefix);
        const rows = (end === ""
          ? this.#st.logAfter.all(afterRevision)
          : this.#st.logAfterRange.all(afterRevision, prefix, end)) as unknown as LogRow[];
        for (const r of rows) {
          backlog.push(rowToEvent(r, this.#values));
        }
      }
      return this.#hub.open<T>(prefix, backlog, afterRevision);
    });
  }

  currentRevision(): Promise<number> {
    return this.#run("", () => this.#revision);
  }

  compact(revision: number): Promise<void> {
    return this.#run("", () => this.#compact(revision));
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#hub.closeAll();
      this.#db.close();
    }
    return Promise.resolve();
  }

  #compact(revision: number): void {
    const upTo = Math.min(revision, this.#revision);
    if (upTo <= this.#compacted) return;
    this.#transaction(() => {
      this.#st.compactLog.run(upTo);
      this.#st.setMeta.run("compacted", upTo);
    });
    this.#compacted = upTo;
  }

  /** Runs `body` synchronously, turning its result or error into a promise. */
  #run<R>(key: string, body: () => R): Promise<R> {
    try {
      return Promise.resolve(this.#guard(key, body));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Runs `body` on the open database; sqlite failures become StoreError "Unavailable". */
  #guard<R>(key: string, body: () => R): R {
    if (this.#closed) {
      throw new StoreError("Unavailable", key, `the sqlite store ${this.path} is closed`);
    }
    try {
      return body();
    } catch (e) {
      if (
        e instanceof StoreError || e instanceof TypeError || e instanceof ValueTransformError
      ) throw e;
      throw this.#unavailable(this.path, e);
    }
  }

  #transaction(body: () => void): void {
    this.#st.begin.run();
    try {
      body();
      this.#st.commit.run();
    } catch (e) {
      this.#st.rollback.run();
      throw e;
    }
  }

  /** Advances the revision after a committed write, tells watchers, compacts now and then. */
  #committed(ev: RawEvent): void {
    this.#revision = ev.revision;
    this.#hub.publish(ev);
    if (++this.#writesSinceCompact >= Math.min(1000, Math.max(64, this.#historyLimit >> 3))) {
      this.#writesSinceCompact = 0;
      let target = this.#revision - this.#historyLimit;
      if (this.#maxAgeMs > 0) {
        const old = this.#st.logRevAtAge.get(Date.now() - this.#maxAgeMs) as { rev: number | null };
        target = Math.max(target, old.rev ?? 0);
      }
      this.#compact(target);
    }
  }

  #read(key: string): RawEntry | undefined {
    const row = this.#st.get.get(key) as KvRow | undefined;
    if (row === undefined) return undefined;
    const value = this.#values.open(key, row.value);
    return { value, modRevision: row.mod_rev, stored: row.value };
  }

  #swap(key: string, value: string, expected: RawEntry): number | undefined {
    const rev = this.#revision + 1;
    const sealed = this.#values.seal(key, value);
    let swapped = false;
    this.#transaction(() => {
      swapped = this.#st.updateKv.run(sealed, rev, key, expected.modRevision).changes === 1;
      if (swapped) {
        this.#st.insertLog.run(
          rev,
          key,
          EVENT_CODES.MODIFIED,
          sealed,
          expected.stored ?? expected.value,
          expected.modRevision,
          Date.now(),
        );
      }
    });
    if (!swapped) return undefined;
    this.#committed({
      type: "MODIFIED",
      key,
      revision: rev,
      value,
      prevValue: expected.value,
      prevRevision: expected.modRevision,
    });
    return rev;
  }

  #unavailable(path: string, e: unknown): StoreError {
    const msg = e instanceof Error ? e.message : String(e);
    const hint = /locked|busy/i.test(msg)
      ? "another k8sm process holds it; stop that process or use another --data-dir"
      : "check that the directory exists and is writable";
    return new StoreError(
      "Unavailable",
      path,
      `cannot use the sqlite store ${path}: ${msg}; ${hint}`,
    );
  }
}

function rowToEvent(r: LogRow, values: ValueTransformer): RawEvent {
  const type = EVENT_TYPES[r.type] as RawEvent["type"];
  const value = values.open(r.key, r.value);
  const ev: RawEvent = { type, key: r.key, revision: r.rev, value };
  if (type === "DELETED") {
    ev.prevValue = value;
    ev.prevRevision = r.prev_rev ?? undefined;
  } else if (r.prev_value !== null && r.prev_rev !== null) {
    ev.prevValue = values.open(r.key, r.prev_value);
    ev.prevRevision = r.prev_rev;
  }
  return ev;
}
