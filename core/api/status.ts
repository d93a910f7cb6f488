/**
 * meta/v1 Status, the body of every API error, and `ApiError`, the exception that carries one
 * from anywhere in the apiserver to the HTTP response. Builders produce Kubernetes' exact
 * reasons, codes and messages (kubectl and client libraries read them).
 */
import { type FieldError, fieldErrorText } from "./field_error.ts";

/** One cause of a failure (a field error, a conflict with a field manager, …). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** Which object a Status is about. */
export interface StatusDetails {
  name?: string;
  group?: string;
  /** The resource (plural) for most errors; the Kind for Invalid. */
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** meta/v1 Status. Keys are declared in the order Kubernetes serialises them. */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never> | { resourceVersion?: string };
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Builds a Status with Kubernetes' key order. */
export function makeStatus(
  code: number,
  reason: string | undefined,
  message: string,
  details?: StatusDetails,
): Status {
  const s: Partial<Status> = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: code >= 200 && code < 300 ? "Success" : "Failure",
  };
  if (message !== "") s.message = message;
  if (reason !== undefined) s.reason = reason;
  if (details !== undefined) s.details = details;
  s.code = code;
  return s as Status;
}

/** An error that becomes an HTTP response with a Status body. */
export class ApiError extends Error {
  /** Wraps `status`; its message becomes the Error message. */
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? `HTTP ${status.code}`);
    this.name = "ApiError";
  }

  /** The HTTP status code. */
  get code(): number {
    return this.status.code;
  }

  /** The Kubernetes reason (NotFound, Conflict, …). */
  get reason(): string {
    return this.status.reason ?? "";
  }
}

/** True when `e` is an ApiError (optionally with the given code). */
export function isApiError(e: unknown, code?: number): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

function err(code: number, reason: string, message: string, details?: StatusDetails): ApiError {
  return new ApiError(makeStatus(code, reason, message, details));
}

function qualified(resource: string, group?: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** 404: `pods "x" not found`. */
export function notFound(resource: string, name: string, group?: string): ApiError {
  const details: StatusDetails = { name };
  if (group) details.group = group;
  details.kind = resource;
  return err(404, "NotFound", `${qualified(resource, group)} "${name}" not found`, details);
}

/** 409: `pods "x" already exists`. */
export function alreadyExists(resource: string, name: string, group?: string): ApiError {
  const details: StatusDetails = { name };
  if (group) details.group = group;
  details.kind = resource;
  return err(
    409,
    "AlreadyExists",
    `${qualified(resource, group)} "${name}" already exists`,
    details,
  );
}

/** 409 optimistic-concurrency failure, with Kubernetes' exact message. */
export function conflict(resource: string, name: string, group?: string): ApiError {
  const details: StatusDetails = { name };
  if (group) details.group = group;
  details.kind = resource;
  return err(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has ` +
      `been modified; please apply your changes to the latest version and try again`,
    details,
  );
}

/** 409 with a custom reason text (e.g. a pod already bound to a node). */
export function conflictWith(resource: string, name: string, why: string): ApiError {
  return err(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${resource} "${name}": ${why}`,
    { name, kind: resource },
  );
}

/** 422: `Pod "bad" is invalid: spec.containers: Required value` (several errors in `[a, b]`). */
export function invalid(kind: string, name: string, causes: FieldError[]): ApiError {
  const texts = causes.map(fieldErrorText);
  const joined = texts.length === 1 ? texts[0] : `[${texts.join(", ")}]`;
  return err(422, "Invalid", `${kind} "${name}" is invalid: ${joined}`, {
    name,
    kind,
    causes: causes.map((c) => ({ reason: c.type, message: c.message, field: c.field })),
  });
}

/** 400 BadRequest with a message saying what is wrong with the request. */
export function badRequest(message: string): ApiError {
  return err(400, "BadRequest", message);
}

/** 403 Forbidden (e.g. creating in a terminating namespace). */
export function forbidden(resource: string, name: string, why: string): ApiError {
  return err(403, "Forbidden", `${resource} "${name}" is forbidden: ${why}`, {
    name,
    kind: resource,
  });
}

/** 405: the verb is not served on this path. */
export function methodNotAllowed(method: string, path: string): ApiError {
  return err(
    405,
    "MethodNotAllowed",
    `the server does not allow this method on the requested resource (${method} ${path})`,
  );
}

/** 415: the body's Content-Type cannot be decoded. */
export function unsupportedMediaType(contentType: string, accepted: string[]): ApiError {
  return err(
    415,
    "UnsupportedMediaType",
    `the body of the request was in an unknown format (${contentType}) - accepted media types ` +
      `include: ${accepted.join(", ")}`,
  );
}

/** 413: the body exceeds the limit. */
export function requestEntityTooLarge(limitBytes: number): ApiError {
  const mib = limitBytes / (1024 * 1024);
  return err(
    413,
    "RequestEntityTooLarge",
    `the request body is larger than the ${mib} MiB limit; send a smaller object`,
  );
}

/** 410 Expired: a watch or list from a resourceVersion whose history is gone. */
export function expired(message: string): ApiError {
  return err(410, "Expired", message);
}

/** 401 Unauthorized. */
export function unauthorized(message = "Unauthorized"): ApiError {
  return err(401, "Unauthorized", message);
}

/** 504 Timeout (e.g. the watch cache did not catch up in time). */
export function timeout(message: string): ApiError {
  return err(504, "Timeout", message);
}

/** 500: an unexpected failure, reported with its cause. */
export function internal(cause: unknown): ApiError {
  const text = cause instanceof Error ? cause.message : String(cause);
  return err(500, "InternalError", `Internal error occurred: ${text}`, {
    causes: [{ message: text }],
  });
}

/** 2xx Success Status (returned by bindings and v1beta1 deletes). */
export function successStatus(code = 200, details?: StatusDetails): Status {
  return makeStatus(code, undefined, "", details);
}
