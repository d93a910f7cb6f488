/**
 * Building HTTP responses: JSON bodies (already-serialised text is sent as is), lists assembled
 * from cached JSON without re-serialising items, and every error as a Kubernetes Status.
 */
import * as errors from "../api/status.ts";
import { isStoreError } from "../storage/store.ts";
import { PatchError } from "./patch/patch_error.ts";
import { SelectorError } from "../api/selector_error.ts";

const JSON_HEADERS = { "content-type": "application/json" };

/** A JSON response from text that is already JSON. */
export function jsonText(code: number, text: string, headers?: HeadersInit): Response {
  const h = new Headers(JSON_HEADERS);
  if (headers) new Headers(headers).forEach((v, k) => h.append(k, v));
  return new Response(text, { status: code, headers: h });
}

/** A JSON response of a value. */
export function jsonValue(code: number, value: unknown, headers?: HeadersInit): Response {
  return jsonText(code, JSON.stringify(value), headers);
}

/** The JSON text of a v1 list whose items are JSON texts. */
export function listText(listKind: string, revision: number, items: string[]): string {
  return `{"kind":"${listKind}","apiVersion":"v1","metadata":{"resourceVersion":"${revision}"},` +
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
