/**
 * The dashboard's static files under `/ui/`, served by the apiserver itself so the page and the
 * API share one origin: the browser calls the API directly with the signed-in user's bearer
 * token, and authentication and RBAC apply to every data request unchanged (the files hold no
 * data, so they are public like `/healthz`). Only the files shipped in `assets/` are served,
 * each with its content type and a Content-Security-Policy that allows scripts from this origin
 * alone (no inline script, no CDN, no framing).
 */
import * as errors from "../api/status.ts";

/** The path the dashboard is served under. */
export const DASHBOARD_PATH = "/ui/";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  txt: "text/plain; charset=utf-8",
};

/**
 * Scripts only from this origin; styles from this origin plus the inline `<style>` the terminal
 * emulator writes its theme into; API calls, watches and exec WebSockets only to this origin.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const ASSETS = new URL("./assets/", import.meta.url);

/** Every shipped file, by its path under `/ui/` (read once, at the first request). */
async function listAssets(dir: URL, prefix = ""): Promise<Map<string, URL>> {
  const files = new Map<string, URL>();
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) {
      for (const [k, v] of await listAssets(url, `${prefix}${entry.name}/`)) files.set(k, v);
    } else if (TYPES[entry.name.split(".").pop() ?? ""]) files.set(prefix + entry.name, url);
  }
  return files;
}

/** The apiserver route serving the dashboard; undefined for paths outside `/ui`. */
export function dashboardRoute(): (req: Request, url: URL) => Promise<Response | undefined> {
  let assets: Promise<Map<string, URL>> | undefined;
  return async (req, url) => {
    const path = url.pathname;
    if (path !== "/ui" && !path.startsWith(DASHBOARD_PATH)) return undefined;
    if (req.method !== "GET" && req.method !== "HEAD") {
      throw errors.methodNotAllowed(req.method, path);
    }
    if (path === "/ui") {
      return new Response(null, { status: 301, headers: { location: DASHBOARD_PATH } });
    }
    assets ??= listAssets(ASSETS);
    const name = path.slice(DASHBOARD_PATH.length) || "index.html";
    const file = (await assets).get(name);
    if (!file) {
      throw new errors.ApiError(errors.makeStatus(
        404,
        "NotFound",
        `the dashboard has no file ${name}; open ${DASHBOARD_PATH} for the dashboard`,
      ));
    }
    const body = req.method === "HEAD" ? null : await Deno.readFile(file);
    return new Response(body, {
      headers: {
        "content-type": TYPES[name.split(".").pop() ?? ""],
        "content-security-policy": DASHBOARD_CSP,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "cache-control": "no-cache",
      },
    });
  };
}
