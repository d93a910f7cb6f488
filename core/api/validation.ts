import type { KubeObject } from "./object.ts";
import type { FieldError } from "./field_error.ts";

/**
 * Validates an object of any served kind with Kubernetes' rules; `old` is the stored object on
 * update (immutable fields). Returns every error found; empty means valid.
 * STUB: the api helper replaces this body.
 */
export function validateObject(_obj: KubeObject, _old?: KubeObject): FieldError[] {
  return [];
}
