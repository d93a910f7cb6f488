/**
 * Watch responses: a chunked stream of `{"type":…,"object":…}\n` lines fed by the watch cache.
 * Handles resourceVersion semantics (current state as ADDED, replay after N, 410 as an ERROR
 * event), selector transitions (an object that stops matching is sent as DELETED, one that
 * starts matching as ADDED), bookmarks, timeoutSeconds and a bare "\n" on idle streams. One
 * shared ticker serves every stream; a line is encoded once per event for all plain watchers.
 */
import { apiVersionOf, type ResourceInfo } from "../api/kinds.ts";
import { storageResource } from "../registry/keys.ts";
import type { FieldSelector } from "../api/field_selector.ts";
import type { LabelSelector } from "../api/label_selector.ts";
import * as errors from "../api/status.ts";
import {
  type CacheEntry,
  type CacheEvent,
  type CacheListener,
  RevisionExpiredError,
  type Subscription,
  type WatchCache,
} from "../registry/watch_cache.ts";

/** Turns an event's object JSON into the JSON to send (Table clients); `first` = first event. */
export type WatchObjectTransform = (type: string, objectJson: string, first: boolean) => string;

/** One watch request, parsed. */
export interface WatchRequest {
  info: ResourceInfo;
  /** Store key prefix of the watched collection. */
  prefix: string;
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
  /** The resourceVersion query parameter ("" when absent). */
  resourceVersion: string;
  allowBookmarks: boolean;
  /** The sendInitialEvents parameter (undefined when absent). */
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  transform?: WatchObjectTransform;
}

/** Options of WatchStreams. */
export interface WatchStreamOptions {
  /** Idle time after which a bare "\n" is sent (default 15 s). */
  heartbeatMs?: number;
  /** Interval of BOOKMARK events for watchers that allow them (default 60 s). */
  bookmarkMs?: number;
  /** Bytes a slow client may have queued before its watch is ended (default 64 MiB). */
  maxQueuedBytes?: number;
}

const encoder = new TextEncoder();
const HEADERS = { "content-type": "application/json", "cache-control": "no-cache" };

const LINE_END = encoder.encode("}\n");

/** `{"type":…,"object":<bytes>}\n` as one buffer. */
function eventLine(type: string, object: Uint8Array): Uint8Array {
  const head = encoder.encode(`{"type":"${type}","object":`);
  const out = new Uint8Array(head.length + object.length + LINE_END.length);
  out.set(head, 0);
  out.set(object, head.length);
  out.set(LINE_END, head.length + object.length);
  return out;
}

/** Every open watch stream of one apiserver. */
export class WatchStreams {
  readonly #streams = new Set<StreamWatcher>();
  #ticker: ReturnType<typeof setInterval> | undefined;
  #memoEvent: CacheEvent | undefined;
  #memoLines = new Map<string, Uint8Array>();
  readonly heartbeatMs: number;
  readonly bookmarkMs: number;
  readonly maxQueuedBytes: number;

  constructor(readonly cache: WatchCache, opts: WatchStreamOptions = {}) {
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
    this.bookmarkMs = opts.bookmarkMs ?? 60_000;
    this.maxQueuedBytes = opts.maxQueuedBytes ?? 64 * 1024 * 1024;
  }

  /** Open streams by kind (for apiserver_registered_watchers). */
  countsByKind(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.#streams) out[s.kind] = (out[s.kind] ?? 0) + 1;
    return out;
  }

  /** The encoded line for an event, shared by every plain watcher of that event. */
  line(ev: CacheEvent, type: string): Uint8Array {
    if (ev !== this.#memoEvent) {
      this.#memoEvent = ev;
      this.#memoLines.clear();
    }
    let line = this.#memoLines.get(type);
    if (line === undefined) {
      line = eventLine(type, ev.entry.bytes);
      this.#memoLines.set(type, line);
    }
    return line;
  }

  /** Starts a watch; throws an ApiError for a malformed resourceVersion. */
  open(req: WatchRequest): Response {
    const rv = req.resourceVersion;
    let from: number | undefined;
    if (rv !== "" && rv !== "0") {
      from = Number(rv);
      if (!Number.isSafeInteger(from) || from < 0) {
        throw errors.badRequest(
          `resourceVersion "${rv}" is not valid: use a resourceVersion from a list or object, ` +
            `or 0 for the current state`,
        );
      }
    }
    const snapshot = req.sendInitialEvents === true ||
      (from === undefined && req.sendInitialEvents !== false);
    const watcher = new StreamWatcher(this, req, from ?? 0);
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => watcher.start(controller, snapshot, from),
      cancel: () => watcher.close(),
    }, new ByteLengthQueuingStrategy({ highWaterMark: 1 << 20 }));
    return new Response(body, { status: 200, headers: HEADERS });
  }

  /** Registers a started stream (starts the ticker). */
  add(s: StreamWatcher): void {
    this.#streams.add(s);
    if (this.#ticker === undefined) {
      const every = Math.max(5, Math.min(this.heartbeatMs, this.bookmarkMs) / 2);
      this.#ticker = setInterval(() => this.#tick(), every);
    }
  }

  /** Forgets a closed stream (stops the ticker when none is left). */
  remove(s: StreamWatcher): void {
    this.#streams.delete(s);
    if (this.#streams.size === 0 && this.#ticker !== undefined) {
      clearInterval(this.#ticker);
      this.#ticker = undefined;
    }
  }

  /** Ends every stream (shutdown). */
  closeAll(): void {
    for (const s of [...this.#streams]) s.close();
  }

  #tick(): void {
    const now = Date.now();
    for (const s of this.#streams) s.tick(now);
  }
}

/** One client's watch. */
class StreamWatcher implements CacheListener {
  readonly resource: string;
  readonly kind: string;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #closed = false;
  #lastWrite = Date.now();
  #lastBookmark = Date.now();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #first = true;

  constructor(
    private readonly streams: WatchStreams,
    private readonly req: WatchRequest,
    private after: number,
  ) {
    this.resource = storageResource(req.info);
    this.kind = req.info.kind;
  }

  start(
    controller: ReadableStreamDefaultController<Uint8Array>,
    snapshot: boolean,
    from: number | undefined,
  ): void {
    this.#controller = controller;
    let sub: Subscription;
    try {
      sub = this.streams.cache.subscribe(this, this.req.prefix, snapshot ? undefined : from);
    } catch (e) {
      const status = e instanceof RevisionExpiredError
        ? errors.expired(e.message).status
        : errors.internal(e).status;
      this.#write(encoder.encode(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`));
      this.#closed = true;
      controller.close();
      return;
    }
    this.streams.add(this);
    if (this.req.timeoutSeconds !== undefined && this.req.timeoutSeconds > 0) {
      this.#timer = setTimeout(() => this.close(), this.req.timeoutSeconds * 1000);
    }
    if (sub.snapshot !== undefined) {
      this.after = Math.max(this.after, sub.revision);
      for (const e of sub.snapshot) if (this.#matches(e)) this.#send("ADDED", e);
      if (this.req.sendInitialEvents === true) this.#bookmark(true);
    }
    for (const ev of sub.backlog ?? []) this.deliver(ev);
  }

  deliver(ev: CacheEvent): void {
    if (this.#closed || ev.revision <= this.after || !ev.key.startsWith(this.req.prefix)) return;
    let type: string | undefined;
    if (ev.type === "ADDED") {
      if (this.#matches(ev.entry)) type = "ADDED";
    } else if (ev.type === "DELETED") {
      if (this.#matches(ev.prev ?? ev.entry)) type = "DELETED";
    } else {
      const was = ev.prev === undefined ? false : this.#matches(ev.prev);
      const is = this.#matches(ev.entry);
      type = was && is ? "MODIFIED" : is ? "ADDED" : was ? "DELETED" : undefined;
    }
    if (type === undefined) return;
    if (this.req.transform === undefined) this.#write(this.streams.line(ev, type));
    else this.#send(type, ev.entry);
  }

  end(): void {
    this.close();
  }

  tick(now: number): void {
    if (this.#closed) return;
    if (this.req.allowBookmarks && now - this.#lastBookmark >= this.streams.bookmarkMs) {
      this.#bookmark(false);
    } else if (now - this.#lastWrite >= this.streams.heartbeatMs) {
      this.#write(encoder.encode("\n"));
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.streams.cache.unsubscribe(this);
    this.streams.remove(this);
    try {
      this.#controller?.close();
    } catch {
      // already closed or cancelled by the client
    }
  }

  #matches(e: CacheEntry): boolean {
    const { labelSelector: ls, fieldSelector: fs } = this.req;
    return (!ls || ls.matches(e.labels)) && (!fs || fs.matches(e.fields));
  }

  #send(type: string, e: CacheEntry): void {
    if (this.req.transform === undefined) {
      this.#write(eventLine(type, e.bytes));
      return;
    }
    const obj = this.req.transform(type, e.json, this.#first);
    this.#first = false;
    this.#write(encoder.encode(`{"type":"${type}","object":${obj}}\n`));
  }

  #bookmark(initialEnd: boolean): void {
    this.#lastBookmark = Date.now();
    const rv = String(Math.max(this.after, this.streams.cache.revision));
    const meta = initialEnd
      ? { resourceVersion: rv, annotations: { "k8s.io/initial-events-end": "true" } }
      : { resourceVersion: rv };
    const json = JSON.stringify({
      kind: this.kind,
      apiVersion: apiVersionOf(this.req.info),
      metadata: meta,
    });
    const obj = this.req.transform ? this.req.transform("BOOKMARK", json, this.#first) : json;
    this.#first = false;
    this.#write(encoder.encode(`{"type":"BOOKMARK","object":${obj}}\n`));
  }

  #write(chunk: Uint8Array): void {
    const c = this.#controller;
    if (c === undefined || this.#closed) return;
    try {
      c.enqueue(chunk);
    } catch {
      this.close();
      return;
    }
    this.#lastWrite = Date.now();
    if ((c.desiredSize ?? 0) < -this.streams.maxQueuedBytes) this.close();
  }
}
