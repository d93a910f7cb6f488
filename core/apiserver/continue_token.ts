/**
 * kube-apiserver's opaque `continue` tokens: base64url (unpadded) JSON
 * `{"v":"meta.k8s.io/v1","rv":REVISION,"start":KEY}` where KEY is the next page's first key
 * relative to the listed collection's prefix. A token that does not decode, names another
 * version, has no revision or climbs out of the prefix is a 400, with kube's wording.
 */
import * as errors from "../api/status.ts";

const VERSION = "meta.k8s.io/v1";

/** kube-apiserver's 410 message when a continue token's snapshot is gone. */
export const CONTINUE_EXPIRED = "The provided continue parameter is too old to display a " +
  "consistent list result. You can start a new list without the continue parameter, or use " +
  "the continue token in this response to retrieve the remainder of the results. Continuing " +
  "with the provided token results in an inconsistent list - objects that were created, " +
  "modified, or deleted between the time the first chunk was returned and now may show up in " +
  "the list.";

/** Where a continued list resumes. */
export interface ContinuePoint {
  /** The snapshot revision of the first page. */
  revision: number;
  /** The absolute key the page starts at. */
  start: string;
}

/** The token resuming the list of `prefix` at `revision` from absolute key `start`. */
export function encodeContinue(prefix: string, revision: number, start: string): string {
  const rel = start.startsWith(prefix) ? start.slice(prefix.length) : start;
  const json = JSON.stringify({ v: VERSION, rv: revision, start: rel });
  const bin = String.fromCharCode(...new TextEncoder().encode(json));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes a token for the list of `prefix`; a 400 BadRequest when it is not valid. */
export function decodeContinue(token: string, prefix: string): ContinuePoint {
  const bad = (why: string) => errors.badRequest(`invalid continue token: ${why}`);
  let parsed: unknown;
  try {
    const b64 = token.replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(b64 + "=".repeat((4 - b64.length % 4) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    throw bad(`continue key is not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw bad("continue key is not valid: not a JSON object");
  }
  const c = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (c.v !== VERSION) {
    throw bad(
      `continue key is not valid: server does not recognize this encoded version "${
        String(c.v ?? "")
      }"`,
    );
  }
  if (typeof c.rv !== "number" || !Number.isSafeInteger(c.rv) || c.rv <= 0) {
    throw bad(
      `continue key is not valid: incorrect encoded start resourceVersion (version ${VERSION})`,
    );
  }
  const start = typeof c.start === "string" ? c.start : "";
  if (start === "" || !isCleanRelative(start)) {
    throw bad(`continue key is not valid: ${JSON.stringify(start)}`);
  }
  return { revision: c.rv, start: prefix + start };
}

/** True when `key` cannot reach outside the prefix it is appended to (kube's path.Clean check). */
function isCleanRelative(key: string): boolean {
  if (key.startsWith("/")) return false;
  const parts = key.split("/");
  return parts.every((p, i) => p !== "." && p !== ".." && (p !== "" || i === parts.length - 1));
}
