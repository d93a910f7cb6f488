/** Validation of every served kind with Kubernetes' rules, field paths and messages. */
import type { KubeObject } from "./object.ts";
import { type FieldError, fieldTypeInvalid } from "./field_error.ts";
import { isRecord, type JsonRecord } from "./json_value.ts";
import { Checker, type ValidationOptions } from "./validation/checker.ts";
import { validatePod, validatePodStatusUpdate, validatePodUpdate } from "./validation/pod.ts";
import { validateService, validateServiceUpdate } from "./validation/service.ts";
import {
  validateReplicationController,
  validateReplicationControllerUpdate,
} from "./validation/replication_controller.ts";
import { validateEndpoints } from "./validation/endpoints.ts";
import {
  validateNamespace,
  validateNamespaceUpdate,
  validateNode,
  validateNodeUpdate,
} from "./validation/node.ts";
import { validateBinding, validateEvent, validateScale } from "./validation/event.ts";
import { validateObjectMetaUpdate } from "./validation/object_meta.ts";

export type { ValidationOptions } from "./validation/checker.ts";
export { UPDATABLE_POD_SPEC_FIELDS } from "./validation/pod.ts";

type Validate = (c: Checker, obj: JsonRecord) => void;
type ValidateUpdate = (c: Checker, obj: JsonRecord, old: JsonRecord) => void;

const CREATE: Record<string, Validate> = {
  Pod: validatePod,
  Service: validateService,
  ReplicationController: validateReplicationController,
  Endpoints: validateEndpoints,
  Node: validateNode,
  Namespace: validateNamespace,
  Event: validateEvent,
  Binding: validateBinding,
  Scale: validateScale,
};

const UPDATE: Record<string, ValidateUpdate> = {
  Pod: validatePodUpdate,
  Service: validateServiceUpdate,
  ReplicationController: validateReplicationControllerUpdate,
  Node: validateNodeUpdate,
  Namespace: validateNamespaceUpdate,
};

/** Status writes whose spec is the stored one: what is left to check (see validateStatusUpdate). */
const STATUS_UPDATE: Record<string, ValidateUpdate> = {
  Pod: validatePodStatusUpdate,
};

/**
 * Validates a status write (`…/status`): `obj` is `old` with the new status and metadata and
 * the very same spec object. Kinds with a status rule check metadata and status only, as
 * Kubernetes' status strategies do; the others are validated as a whole update.
 */
export function validateStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const rule = isRecord(obj) && isRecord(old) && obj.spec === old.spec
    ? STATUS_UPDATE[typeof obj.kind === "string" ? obj.kind : ""]
    : undefined;
  if (rule === undefined) return validateObject(obj, old);
  const c = new Checker();
  rule(c, obj, old);
  return c.errors;
}

/**
 * Validates an object of any served kind with Kubernetes' rules; `old` is the stored object on
 * update (immutable fields). Returns every error found; empty means valid. Fields of the wrong
 * JSON type are reported as FieldValueTypeInvalid (`must be a string`, …).
 * Expects defaults applied, metadata.namespace filled for namespaced kinds and absent for
 * cluster-scoped ones. Unknown kinds are not checked. Pass `{legacyV1beta1: true}` for bodies
 * that came through `/api/v1beta1` (the seed's RC ids such as "nginxController").
 */
export function validateObject(
  obj: KubeObject,
  old?: KubeObject,
  options: ValidationOptions = {},
): FieldError[] {
  if (!isRecord(obj)) return [fieldTypeInvalid("", obj, "must be an object")];
  const c = new Checker(options);
  const kind = typeof obj.kind === "string" ? obj.kind : "";
  if (old && isRecord(old)) {
    const update = UPDATE[kind];
    if (update) update(c, obj, old);
    else {
      CREATE[kind]?.(c, obj);
      validateObjectMetaUpdate(c, obj, old);
    }
  } else CREATE[kind]?.(c, obj);
  return c.errors;
}
