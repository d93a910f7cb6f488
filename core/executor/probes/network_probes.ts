/**
 * Network probes, kubelet style. httpGet: a GET to scheme://host:port/path with the probe's
 * headers; 200–399 is success, any other status, a connection error or a timeout is failure.
 * Redirects to the same host name are followed (at most 10, more is failure); one to another
 * host is not, and ends the probe as success with a warning (kubelet's ProbeWarning "Probe
 * terminated redirects"), as is any other 3xx answer that is not followed. HTTPS certificates are verified (Deno
 * offers no per-request way to skip that, unlike kubelet). tcpSocket: success when a TCP
 * connection opens within the timeout.
 */

import type { RuntimeProbe } from "../pod_shape.ts";
import { type ProbeResult, type ProbeTarget, resolveProbePort } from "./probe_result.ts";

/** The User-Agent kubelet sends. */
export const PROBE_USER_AGENT = "kube-probe/1.32";

/** Why a network probe failed: its timeout, or the error's message. */
function failureText(e: unknown, timedOut: boolean, timeoutSeconds: number): string {
  if (timedOut) return `timed out after ${timeoutSeconds}s`;
  return e instanceof Error ? e.message : String(e);
}

/** Runs an httpGet probe. */
export async function runHttpProbe(
  spec: NonNullable<RuntimeProbe["httpGet"]>,
  target: ProbeTarget,
  timeoutSeconds: number,
): Promise<ProbeResult> {
  const port = resolveProbePort(spec.port, target);
  if (typeof port !== "number") return port;
  const scheme = (spec.scheme || "HTTP").toUpperCase();
  if (scheme !== "HTTP" && scheme !== "HTTPS") {
    return { result: "error", message: `httpGet scheme "${spec.scheme}" is not HTTP or HTTPS` };
  }
  const host = spec.host || target.host;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  let path = spec.path || "/";
  if (!path.startsWith("/")) path = `/${path}`;
  const url = `${scheme.toLowerCase()}://${hostPart}:${port}${path}`;
  const headers = new Headers({ "user-agent": PROBE_USER_AGENT, accept: "*/*" });
  for (const h of spec.httpHeaders ?? []) headers.set(h.name, h.value);
  const signal = AbortSignal.timeout(Math.max(0.001, timeoutSeconds) * 1000);
  try {
    let res = await fetch(url, { headers, redirect: "manual", signal });
    for (let followed = 0;; followed++) {
      const next = sameHostRedirect(res, url);
      if (!next) break;
      await res.body?.cancel();
      if (followed >= 10) {
        return { result: "failure", message: `Get "${next}": stopped after 10 redirects` };
      }
      res = await fetch(next, { headers, redirect: "manual", signal });
    }
    const body = (await res.text()).slice(0, 1024);
    if (res.status >= 300 && res.status < 400) {
      return {
        result: "success",
        message: `GET ${url}: HTTP ${res.status}`,
        warning: `Probe terminated redirects, Response body: ${body}`,
      };
    }
    if (res.status >= 200 && res.status < 300) {
      return { result: "success", message: `GET ${url}: HTTP ${res.status}` };
    }
    return {
      result: "failure",
      message: `HTTP probe failed with statuscode: ${res.status} (GET ${url}${
        body ? `: ${body.trim()}` : ""
      })`,
    };
  } catch (e) {
    const timedOut = e instanceof DOMException && e.name === "TimeoutError";
    return {
      result: "failure",
      message: `Get "${url}": ${failureText(e, timedOut, timeoutSeconds)}`,
    };
  }
}

/** The URL a redirect answer leads to when it stays on the probed host name, else undefined. */
function sameHostRedirect(res: Response, first: string): string | undefined {
  const location = res.headers.get("location");
  if (res.status < 300 || res.status >= 400 || !location) return undefined;
  try {
    const next = new URL(location, res.url || first);
    return next.hostname === new URL(first).hostname ? next.href : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a tcpSocket probe. */
export async function runTcpProbe(
  spec: NonNullable<RuntimeProbe["tcpSocket"]>,
  target: ProbeTarget,
  timeoutSeconds: number,
): Promise<ProbeResult> {
  const port = resolveProbePort(spec.port, target);
  if (typeof port !== "number") return port;
  const hostname = spec.host || target.host;
  const signal = AbortSignal.timeout(Math.max(0.001, timeoutSeconds) * 1000);
  try {
    const conn = await Deno.connect({ hostname, port, signal });
    conn.close();
    return { result: "success", message: `connected to ${hostname}:${port}` };
  } catch (e) {
    const why = failureText(e, signal.aborted, timeoutSeconds);
    return { result: "failure", message: `dial tcp ${hostname}:${port}: ${why}` };
  }
}
