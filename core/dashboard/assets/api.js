// The dashboard's access to the API: the session's bearer token (kept only in this tab's
// sessionStorage and dropped at its expiry), requests, watches and access reviews. Every data
// request goes to the API of this origin with the token, so the API's authentication and RBAC
// decide what the page may see and do.

const KEY = "k8sm.dashboard.token";
let expiryTimer = 0;

/** The session's token, or "" when signed out. */
export function token() {
  return sessionStorage.getItem(KEY) ?? "";
}

/** The expiry (ms since the epoch) of a JWT, or undefined for other tokens. */
export function tokenExpiry(value) {
  const payload = value.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/")));
    return typeof claims.exp === "number" ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a session with `value`; it ends by itself when the token expires. */
export function signIn(value, onExpired) {
  sessionStorage.setItem(KEY, value);
  clearTimeout(expiryTimer);
  const exp = tokenExpiry(value);
  if (exp === undefined) return;
  const arm = () => {
    const left = exp - Date.now();
    if (left > 0) {
      // setTimeout holds at most 2^31-1 ms (24.8 days): re-arm until the expiry is reached.
      expiryTimer = setTimeout(arm, Math.min(left, 2 ** 31 - 1));
      return;
    }
    signOut();
    onExpired();
  };
  arm();
}

/** Ends the session. */
export function signOut() {
  clearTimeout(expiryTimer);
  sessionStorage.removeItem(KEY);
}

/** An API failure with the Status message the API gave. */
export class ApiFailure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function failure(res) {
  let message = `${res.status} ${res.statusText}`;
  try {
    const status = await res.json();
    if (status.message) message = status.message;
  } catch {
    // not a Status
  }
  if (res.status === 401) message = "Your session is not accepted by the API any more; sign in.";
  return new ApiFailure(res.status, message);
}

/** Sends a request with the session's token; throws ApiFailure for any non-2xx answer. */
export async function api(method, path, body, contentType = "application/json", signal) {
  const headers = { accept: "application/json" };
  if (token()) headers.authorization = `Bearer ${token()}`;
  if (body !== undefined) headers["content-type"] = contentType;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!res.ok) throw await failure(res);
  return res;
}

/** GETs and parses JSON. */
export async function getJson(path, signal) {
  return await (await api("GET", path, undefined, undefined, signal)).json();
}

/** The signed-in user (SelfSubjectReview). */
export async function whoAmI() {
  const res = await api("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", {
    apiVersion: "authentication.k8s.io/v1",
    kind: "SelfSubjectReview",
  });
  return (await res.json()).status?.userInfo ?? {};
}

const reviews = new Map();

/** Whether the API would allow the user `verb` on `resource` (SelfSubjectAccessReview). */
export function can(verb, resource, namespace = "", group = "", subresource = "") {
  // An API without authentication (up --insecure) allows everything and has no reviews.
  if (openApi) return Promise.resolve(true);
  const key = [verb, group, resource, subresource, namespace].join("|");
  if (!reviews.has(key)) {
    const attrs = { verb, group, resource, subresource, namespace };
    reviews.set(
      key,
      api("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: attrs },
      }).then(async (res) => (await res.json()).status?.allowed === true, () => false),
    );
  }
  return reviews.get(key);
}

let openApi = false;

/**
 * True when the API answers without any credential: `k8sm up --insecure`, which has no
 * authentication (every request is allowed), so the dashboard needs no sign-in either.
 */
export async function probeOpenApi() {
  try {
    const res = await fetch("/api/v1/namespaces?limit=1", {
      headers: { accept: "application/json" },
    });
    await res.body?.cancel();
    openApi = res.ok;
  } catch {
    openApi = false;
  }
  return openApi;
}

/** Forgets cached access reviews (a new session). */
export function forgetReviews() {
  reviews.clear();
}

/** `text` (UTF-8) in base64url without padding, as the bearer subprotocol carries a token. */
function base64url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * Opens a WebSocket to `path` on this origin with the session's token in the
 * `base64url.bearer.authorization.k8s.io.<token>` subprotocol (browsers cannot set an
 * Authorization header on a WebSocket) beside the given `protocols`.
 */
export function openSocket(path, protocols) {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
  const offer = [...protocols];
  if (token()) offer.push(`base64url.bearer.authorization.k8s.io.${base64url(token())}`);
  return new WebSocket(url, offer);
}

/** Follows one watch over a WebSocket; resolves when it ends (true when it was ever open). */
function followWatch(url, signal, onEvent) {
  return new Promise((resolve) => {
    const ws = openSocket(url, ["k8sm.watch"]);
    let opened = false;
    const stop = () => ws.close(1000);
    signal.addEventListener("abort", stop, { once: true });
    if (signal.aborted) stop();
    ws.onopen = () => opened = true;
    ws.onmessage = (m) => {
      const ev = JSON.parse(m.data);
      if (ev.type === "ERROR") ws.close(1000); // e.g. 410 Gone: the caller relists
      else onEvent(ev);
    };
    ws.onclose = () => {
      signal.removeEventListener("abort", stop);
      resolve(opened);
    };
  });
}

/**
 * A live collection: lists `path`, then follows its watch over a WebSocket (`?watch=1` with
 * `Upgrade: websocket`, one text message per event) from the list's resourceVersion,
 * relisting when the watch ends or its version is too old. WebSockets do not count against the
 * browser's 6 HTTP connections per origin, so a view may hold as many as it needs.
 * `onChange(items, error)` gets every object (a Map by namespace/name) after each change.
 * Returns a stop function.
 */
export function watchCollection(path, onChange) {
  const items = new Map();
  const abort = new AbortController();
  const keyOf = (o) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  (async () => {
    let backoff = 1000;
    while (!abort.signal.aborted) {
      try {
        const list = await getJson(path, abort.signal);
        items.clear();
        for (const o of list.items ?? []) items.set(keyOf(o), o);
        onChange(items);
        const sep = path.includes("?") ? "&" : "?";
        const rv = list.metadata?.resourceVersion ?? "";
        const opened = await followWatch(
          `${path}${sep}watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`,
          abort.signal,
          (ev) => {
            if (ev.type === "BOOKMARK") return;
            if (ev.type === "DELETED") items.delete(keyOf(ev.object));
            else items.set(keyOf(ev.object), ev.object);
            onChange(items);
          },
        );
        // A watch that never opened was refused (the list was allowed): retry, more slowly.
        backoff = opened ? 1000 : Math.min(backoff * 2, 30_000);
        if (!opened && !abort.signal.aborted) await pause(backoff);
      } catch (e) {
        if (abort.signal.aborted) return;
        onChange(items, e);
        if (e instanceof ApiFailure && (e.code === 401 || e.code === 403 || e.code === 404)) {
          return;
        }
        await pause(1000);
      }
    }
  })();
  return () => abort.abort();
}
