/**
 * The request side of field management, plugged into the resource handler: the manager of a
 * write (`fieldManager`, else the user agent), wrapping create/update/patch so they record
 * their Update manager and honour fieldValidation, and serving a server-side apply PATCH
 * (`application/apply-patch+yaml`, JSON or YAML body) including creation through apply.
 */

import type { KubeObject } from "../../api/object.ts";
import * as errors from "../../api/status.ts";
import type { Registry } from "../../registry/registry.ts";
import { decodeObject } from "../decode_object.ts";
import { checkFieldValidation, parseFieldValidation } from "../field_validation.ts";
import { decodeBody, mediaType, readBodyText } from "../read_body.ts";
import type { RequestInfo } from "../request_info.ts";
import { serverSideApply } from "./apply.ts";
import { managerName, recordUpdate } from "./managed_fields.ts";

/** The content type of a server-side apply PATCH. */
export const APPLY_PATCH_TYPE = "application/apply-patch+yaml";

/** True when a request is a server-side apply PATCH. */
export function isApplyPatch(req: Request): boolean {
  return req.method === "PATCH" && mediaType(req.headers.get("content-type")) === APPLY_PATCH_TYPE;
}

/** The field manager of a request: `?fieldManager=`, else the user agent's program name. */
export function requestManager(req: Request, q: URLSearchParams): string {
  return managerName(q.get("fieldManager"), req.headers.get("user-agent"));
}

function validationMode(q: URLSearchParams) {
  try {
    return parseFieldValidation(q.get("fieldValidation"));
  } catch (e) {
    throw errors.badRequest(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Wraps a read-modify-write `produce` so the result records `manager`'s Update entry and (with
 * `validate`, for patches) is checked for unknown fields; `warnings` collects Warn-mode values.
 */
export function managedWrite(
  produce: (current: KubeObject) => KubeObject,
  req: Request,
  q: URLSearchParams,
  ri: RequestInfo,
  validate = true,
): { produce: (current: KubeObject) => KubeObject; warnings: string[] } {
  const manager = requestManager(req, q);
  const mode = validate ? validationMode(q) : "Ignore";
  const warnings: string[] = [];
  return {
    warnings,
    produce: (current) => {
      const next = produce(current);
      const check = checkFieldValidation(mode, ri.info.kind, next);
      if (check.error !== undefined) throw errors.badRequest(check.error);
      warnings.splice(0, warnings.length, ...check.warnings);
      return recordUpdate(current, next, { manager, kind: ri.info.kind });
    },
  };
}

/** Records the Update manager of a new object about to be created. */
export function managedCreate(
  obj: KubeObject,
  req: Request,
  q: URLSearchParams,
  ri: RequestInfo,
): KubeObject {
  return recordUpdate(undefined, obj, { manager: requestManager(req, q), kind: ri.info.kind });
}

/** The outcome of a server-side apply: 201 when it created the object, else 200. */
export interface ApplyOutcome {
  code: 200 | 201;
  object: KubeObject;
  warnings: string[];
}

/** Serves a server-side apply PATCH against `reg` (the body is read here). */
export async function applyRequest(
  reg: Registry,
  req: Request,
  q: URLSearchParams,
  ri: RequestInfo,
): Promise<ApplyOutcome> {
  const manager = q.get("fieldManager") ?? "";
  if (manager === "") {
    throw errors.badRequest(
      "PATCH is not supported for apply requests without a field manager; " +
        "set the fieldManager query parameter (kubectl sends fieldManager=kubectl)",
    );
  }
  const force = ["true", "1"].includes((q.get("force") ?? "").toLowerCase());
  const body = decodeBody(await readBodyText(req), req.headers.get("content-type"));
  const config = decodeObject(body, {
    kind: ri.info.kind,
    apiVersion: ri.apiGroup === "" ? ri.apiVersion : `${ri.apiGroup}/${ri.apiVersion}`,
    namespaced: ri.info.namespaced,
    namespace: ri.namespace,
    name: ri.name,
  });
  config.metadata.name ??= ri.name;
  const check = checkFieldValidation(validationMode(q), ri.info.kind, config);
  if (check.error !== undefined) throw errors.badRequest(check.error);
  const opts = { manager, force, kind: ri.info.kind };
  for (let attempt = 0;; attempt++) {
    try {
      const object = await reg.mutate(
        ri.namespace,
        ri.name,
        (current) => serverSideApply(current, config, opts, ri.info.resource),
        "update",
      );
      return { code: 200, object, warnings: check.warnings };
    } catch (e) {
      if (!errors.isApiError(e, 404)) throw e;
    }
    try {
      const object = await reg.create(ri.namespace, serverSideApply(undefined, config, opts));
      return { code: 201, object, warnings: check.warnings };
    } catch (e) {
      if (!errors.isApiError(e, 409) || attempt > 2) throw e;
    }
  }
}
