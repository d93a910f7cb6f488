/**
 * The parsed URL of a request, parsed once: the in-flight limiter, the API handler and the
 * resource handlers all read the same Request's URL. Callers must not modify the URL object.
 */

const parsed = new WeakMap<Request, URL>();

/** `new URL(req.url)`, shared by every reader of `req` (throws as that does). */
export function requestUrl(req: Request): URL {
  let url = parsed.get(req);
  if (url === undefined) {
    url = new URL(req.url);
    parsed.set(req, url);
  }
  return url;
}
