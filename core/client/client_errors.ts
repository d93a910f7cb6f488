/**
 * Errors as the client sees them: the shared `ApiError` (core/api/status.ts) built from a
 * response body, kubectl's wording of a Status, and `ServerUnreachableError`, which names the
 * URL tried and how to point k8sm at another server.
 */
import { ApiError, makeStatus, type Status } from "../api/status.ts";

export { ApiError };
/** The meta/v1 Status type, for callers of the client. */
export type { Status };

/** True for a value shaped like a meta/v1 Status. */
export function isStatus(v: unknown): v is Status {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "Status";
}

/** Builds the ApiError of a non-2xx answer whose body may or may not be a Status. */
export function apiErrorFromBody(code: number, bodyText: string, statusText = ""): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  if (isStatus(parsed)) {
    return new ApiError({ ...parsed, metadata: parsed.metadata ?? {}, code: parsed.code ?? code });
  }
  const text = bodyText.trim().replace(/\s+/g, " ").slice(0, 300);
  const message = `the server answered ${code} ${statusText}`.trim() + (text ? `: ${text}` : "");
  return new ApiError(makeStatus(code, undefined, message));
}

/** An ApiError for a Status received inside a watch stream (an ERROR event). */
export function apiErrorFromStatus(v: unknown): ApiError {
  if (isStatus(v)) return new ApiError({ ...v, metadata: v.metadata ?? {}, code: v.code ?? 500 });
  return new ApiError(
    makeStatus(500, "InternalError", "the watch failed with an unreadable ERROR event"),
  );
}

/** True when `e` is an ApiError for a NotFound (404). */
export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.code === 404;
}

/** True when `e` is an ApiError for a Conflict or AlreadyExists (409). */
export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && e.code === 409;
}

/** True when `e` is an ApiError for an expired resourceVersion (410 Gone / Expired). */
export function isExpired(e: unknown): boolean {
  return e instanceof ApiError && (e.code === 410 || e.reason === "Expired" || e.reason === "Gone");
}

/**
 * The text of an error as kubectl words it: the server's message, except Invalid answers with
 * causes, which read `The Pod "bad" is invalid: spec.containers: Required value` (one cause) or
 * list each cause on its own `* ` line (several).
 */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    const s = e.status;
    const causes = s.details?.causes ?? [];
    if (s.reason === "Invalid" && causes.length > 0 && s.details?.kind) {
      const parts = causes.map((c) =>
        c.field ? `${c.field}: ${c.message ?? c.reason ?? ""}` : c.message ?? c.reason ?? ""
      );
      const head = `The ${s.details.kind} "${s.details.name ?? ""}" is invalid:`;
      return parts.length === 1 ? `${head} ${parts[0]}` : [head, ...parts].join("\n* ");
    }
    return s.message ?? (s.reason ? `the server answered ${s.code} ${s.reason}` : e.message);
  }
  return e instanceof Error ? e.message : String(e);
}

/** The API server could not be reached at all (refused, unknown host, TLS failure, …). */
export class ServerUnreachableError extends Error {
  /** The base URL that was tried. */
  readonly server: string;
  /** Why it failed (from networkReason), e.g. "connection refused". */
  readonly reason: string;

  constructor(server: string, why: string) {
    super(
      isCertificateFailure(why)
        ? `cannot verify the API server's certificate at ${server} (${why}): pass ` +
          "--certificate-authority or a kubeconfig with certificate-authority-data " +
          "(or --insecure-skip-tls-verify to skip the check)"
        : `cannot reach the API server at ${server} (${why}); start one with "k8sm up" and use ` +
          "the kubeconfig it writes (export KUBECONFIG=~/.k8sm/kubeconfig), or point k8sm at " +
          "another with --server, KUBERNETES_MASTER or --kubeconfig",
    );
    this.name = "ServerUnreachableError";
    this.server = server;
    this.reason = why;
  }
}

/** True when a failure reason (from networkReason) says the server's certificate was not trusted. */
export function isCertificateFailure(why: string): boolean {
  return /^TLS failed/.test(why) &&
    /certificate|UnknownIssuer|NotValidForName|CaUsedAsEndEntity|Expired|self.signed/i.test(why);
}

/** A short reason for a failed fetch: "connection refused", "host name not found", TLS, … */
export function networkReason(e: unknown): string {
  const text = e instanceof Error ? `${e.message} ${String(e.cause ?? "")}` : String(e);
  if (/refused/i.test(text)) return "connection refused";
  if (/dns|lookup|not known|no address|resolve/i.test(text)) return "host name not found";
  if (/certificate|tls|ssl|handshake|UnknownIssuer/i.test(text)) {
    return `TLS failed: ${text.trim().split("\n")[0]}`;
  }
  if (/timed? ?out/i.test(text)) return "connection timed out";
  if (/reset/i.test(text)) return "connection reset";
  return text.trim().split("\n")[0] || "network error";
}
