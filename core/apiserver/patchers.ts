/**
 * PATCH content types → the function applying that kind of patch. The handler looks the
 * request's Content-Type up here; adding a format (server-side apply) is one more entry.
 */
import { applyJsonPatch } from "./patch/json_patch.ts";
import { applyMergePatch } from "./patch/merge_patch.ts";
import { applyStrategicMergePatch } from "./patch/strategic_merge_patch.ts";

/**
 * Applies `patch` to `target` (an object of `kind`) and returns the patched value; `target` is
 * not modified. With `shareUnchanged` the result may share what the patch left alone with
 * `target`, for callers that change neither afterwards.
 */
export type Patcher = (
  target: unknown,
  patch: unknown,
  kind: string,
  shareUnchanged?: boolean,
) => unknown;

/** The PATCH formats served by default. */
export function defaultPatchers(): Map<string, Patcher> {
  return new Map<string, Patcher>([
    ["application/merge-patch+json", (t, p) => applyMergePatch(t, p)],
    ["application/json-patch+json", (t, p, _kind, share) => applyJsonPatch(t, p, share)],
    [
      "application/strategic-merge-patch+json",
      (t, p, kind) => applyStrategicMergePatch(t, p, kind),
    ],
  ]);
}
