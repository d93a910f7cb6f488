/**
 * Addresses of Mesos HTTP endpoints: the master's scheduler API, redirects to the leading master
 * (whose Location is protocol-relative), and HTTP basic credentials.
 */

/** Principal and secret for HTTP basic authentication of a framework. */
export interface MesosCredentials {
  principal: string;
  secret: string;
}

/**
 * The scheduler API URL of `master`, given as `host:port`, `http(s)://host:port` or a full URL
 * ending in `/api/v1/scheduler`.
 */
export function schedulerEndpoint(master: string): URL {
  return apiEndpoint(master, "/api/v1/scheduler", "--mesos-master");
}

/** The executor API URL of an agent given as `ip:port` (MESOS_AGENT_ENDPOINT) or a URL. */
export function executorEndpoint(agent: string): URL {
  return apiEndpoint(agent, "/api/v1/executor", "MESOS_AGENT_ENDPOINT");
}

function apiEndpoint(address: string, path: string, what: string): URL {
  const trimmed = address.trim();
  if (trimmed.startsWith("zk://")) {
    throw new Error(
      `Mesos address "${address}" is a ZooKeeper URL, which k8sm does not resolve; ` +
        `pass the master's http://host:port instead (${what}).`,
    );
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`Invalid Mesos address "${address}" (${what}): expected host:port or a URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`Invalid Mesos address "${address}" (${what}): only http and https work.`);
  }
  if (!url.pathname.endsWith(path)) url.pathname = url.pathname.replace(/\/+$/, "") + path;
  url.search = "";
  url.hash = "";
  return url;
}

/**
 * Resolves a redirect `Location` (Mesos sends `//host:port/api/v1/scheduler`) against the URL
 * the request went to, keeping its scheme.
 */
export function resolveRedirect(location: string | null, from: URL): URL {
  if (!location) {
    throw new Error(`Mesos at ${from.host} answered 307 without a Location header.`);
  }
  return new URL(location, from);
}

/** The `Authorization` header value for HTTP basic auth. */
export function basicAuthorization(c: MesosCredentials): string {
  const bytes = new TextEncoder().encode(`${c.principal}:${c.secret}`);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}
