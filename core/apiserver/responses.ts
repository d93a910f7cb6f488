/**
 * Building HTTP responses: JSON bodies (already-serialised text is sent as is), lists streamed
 * from cached JSON without re-serialising items, and every error as a Kubernetes Status.
 */
import * as errors from "../api/status.ts";
import { isStoreError } from "../storage/store.ts";
import { PatchError } from "./patch/patch_error.ts";
import { SelectorError } from "../api/selector_error.ts";
import { ClientClosedError } from "./client_closed_error.ts";
import { readyResponse } from "./ready_body.ts";

const utf8 = new TextEncoder();

/** The headers of a plain JSON response; Response copies them, so one object serves all. */
const JSON_HEADERS: HeadersInit = { "content-type": "application/json" };

/** JSON_HEADERS plus `extra` (warnings, …); the shared constant when there is nothing extra. */
function withJsonType(extra: HeadersInit | undefined): HeadersInit {
  if (extra === undefined) return JSON_HEADERS;
  const h = new Headers(JSON_HEADERS);
  new Headers(extra).forEach((v, k) => h.append(k, v));
  return h;
}

/** A JSON response from text that is already JSON. */
export function jsonText(code: number, text: string, headers?: HeadersInit): Response {
  return readyResponse(utf8.encode(text), { status: code, headers: withJsonType(headers) });
}

/** A JSON response from UTF-8 JSON bytes. */
export function jsonBytes(
  code: number,
  bytes: Uint8Array<ArrayBuffer>,
  headers?: HeadersInit,
): Response {
  return readyResponse(bytes, { status: code, headers: withJsonType(headers) });
}
const COMMA = utf8.encode(",");
const TAIL = utf8.encode("]}");

/** ListMeta fields beyond resourceVersion (a paged list's continue and remainingItemCount). */
export interface ListMetaExtra {
  continue?: string;
  remainingItemCount?: number;
}

/** Bytes a list stream hands the socket at a time. */
const LIST_CHUNK_BYTES = 64 * 1024;

function listHead(
  listKind: string,
  revision: number,
  apiVersion: string,
  extra: ListMetaExtra,
): Uint8Array {
  let meta = `"resourceVersion":"${revision}"`;
  if (extra.continue) meta += `,"continue":${JSON.stringify(extra.continue)}`;
  if (extra.remainingItemCount !== undefined) {
    meta += `,"remainingItemCount":${extra.remainingItemCount}`;
  }
  return utf8.encode(
    `{"kind":"${listKind}","apiVersion":"${apiVersion}","metadata":{${meta}},"items":[`,
  );
}

/**
 * The UTF-8 JSON of a list (default apiVersion v1) whose items are UTF-8 JSON, as a stream
 * that copies about 64 KiB of item bytes per pull: a client that reads slowly (or never) holds
 * only the entries (shared with the watch cache) and what its socket buffers, never a whole
 * serialised copy of the list.
 */
export function listStream(
  listKind: string,
  revision: number,
  items: readonly { bytes: Uint8Array }[],
  apiVersion = "v1",
  extra: ListMetaExtra = {},
): ReadableStream<Uint8Array> {
  let next = 0;
  let headSent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const parts: Uint8Array[] = [];
      let size = 0;
      if (!headSent) {
        headSent = true;
        const head = listHead(listKind, revision, apiVersion, extra);
        parts.push(head);
        size += head.length;
      }
      while (next < items.length && size < LIST_CHUNK_BYTES) {
        if (next > 0) {
          parts.push(COMMA);
          size++;
        }
        const b = items[next++].bytes;
        parts.push(b);
        size += b.length;
      }
      const done = next >= items.length;
      if (done) {
        parts.push(TAIL);
        size += TAIL.length;
      }
      const out = new Uint8Array(size);
      let off = 0;
      for (const p of parts) {
        out.set(p, off);
        off += p.length;
      }
      controller.enqueue(out);
      if (done) controller.close();
    },
  }, { highWaterMark: 0 });
}

/** A JSON response of a value. */
export function jsonValue(code: number, value: unknown, headers?: HeadersInit): Response {
  return jsonText(code, JSON.stringify(value), headers);
}

/** The JSON text of a list (default apiVersion v1) whose items are JSON texts. */
export function listText(
  listKind: string,
  revision: number,
  items: string[],
  apiVersion = "v1",
): string {
  return `{"kind":"${listKind}","apiVersion":"${apiVersion}",` +
    `"metadata":{"resourceVersion":"${revision}"},` +
    `"items":[${items.join(",")}]}`;
}

/** Turns anything thrown while serving a request into an ApiError. */
export function toApiError(e: unknown): errors.ApiError {
  if (errors.isApiError(e)) return e;
  if (e instanceof PatchError) {
    return e.malformed
      ? errors.badRequest(`the patch is malformed: ${e.message}`)
      : new errors.ApiError(
        errors.makeStatus(422, "Invalid", `the patch cannot be applied: ${e.message}`),
      );
  }
  if (e instanceof SelectorError) return errors.badRequest(e.message);
  if (e instanceof ClientClosedError) return errors.badRequest(e.message);
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    // A backstop behind the nesting-depth check: input too deep to process is the client's.
    return errors.badRequest(
      "the request is nested too deeply to process (maximum call stack size exceeded); " +
        "send a flatter object",
    );
  }
  if (isStoreError(e, "Unavailable")) {
    return new errors.ApiError(
      errors.makeStatus(503, "ServiceUnavailable", `the store is unavailable: ${e.message}`),
    );
  }
  if (isStoreError(e, "Expired")) return errors.expired(e.message);
  return errors.internal(e);
}

/** The Status response of an error. */
export function errorResponse(e: unknown): Response {
  const err = toApiError(e);
  return jsonValue(err.code, err.status);
}
