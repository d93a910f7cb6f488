/**
 * Refuses request paths that URL normalization would silently rewrite. `new URL()` resolves
 * `.`/`..` segments (also when written `%2e%2e`), so `DELETE …/pods/%2e%2e` would otherwise
 * address the namespace itself; and a `%2F` inside a segment would make a name with a slash.
 * Both are refused here, from the raw request target, before anything is looked up.
 */
import * as errors from "../api/status.ts";

/** The path part of a raw request URL or target (no query, no fragment), without decoding. */
export function rawPathOf(rawUrl: string): string {
  let rest = rawUrl;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  const end = rest.search(/[?#]/);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * Throws a 400 Status naming the segment when a segment of the raw path decodes to `.` or `..`,
 * is not valid percent-encoding, or decodes to text holding a `/` (segments after a `proxy`
 * segment may hold anything: they are the proxied path). Returns nothing when the path is safe.
 */
export function checkRawPath(rawUrl: string): void {
  const path = rawPathOf(rawUrl);
  const segments = path.split("/");
  for (let i = 0; i < segments.length; i++) {
    const raw = segments[i];
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      throw errors.badRequest(
        `the request path ${path} is not validly URL-encoded (segment "${raw}"); ` +
          "encode % as %25",
      );
    }
    if (decoded === "." || decoded === "..") {
      throw errors.badRequest(
        `the request path ${path} holds the segment "${raw}", which decodes to "${decoded}": ` +
          `a name may not be "." or ".."`,
      );
    }
    if (decoded.includes("/")) {
      if (segments.slice(0, i).includes("proxy")) return;
      throw errors.badRequest(
        `the request path ${path} holds the segment "${raw}", which decodes to "${decoded}": ` +
          `a name may not contain "/"`,
      );
    }
  }
}
