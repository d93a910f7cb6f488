/**
 * A small Docker Engine API client: HTTP/1.1 over a unix socket (or TCP), API version
 * negotiation, JSON calls and raw streaming responses. Works against Docker and against
 * podman's Docker-compatible service (`podman system service`).
 */

/** The API version k8sm speaks when the engine allows it (podman 4 serves 1.41). */
export const PREFERRED_API_VERSION = "1.41";

/** An error answer of the engine, with its HTTP status and the engine's message. */
export class DockerApiError extends Error {
  constructor(readonly status: number, readonly path: string, readonly engineMessage: string) {
    super(`Docker API ${path} answered ${status}: ${engineMessage}`);
    this.name = "DockerApiError";
  }
}

/** Options of one request. */
export interface DockerRequest {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Bytes sent as they are (e.g. a tar archive), with their content type; replaces `body`. */
  raw?: { bytes: Uint8Array<ArrayBuffer>; contentType: string };
  signal?: AbortSignal;
  /** Extra request headers (e.g. X-Registry-Auth). */
  headers?: Record<string, string>;
}

/** Turns `--docker-endpoint` / DOCKER_HOST into a transport; default /var/run/docker.sock. */
export function resolveDockerEndpoint(
  flag?: string,
  env: string | undefined = Deno.env.get("DOCKER_HOST"),
): { kind: "unix"; path: string } | { kind: "tcp"; base: string } {
  const value = flag || env || "unix:///var/run/docker.sock";
  if (value.startsWith("unix://")) return { kind: "unix", path: value.slice("unix://".length) };
  if (value.startsWith("/")) return { kind: "unix", path: value };
  const m = /^(?:tcp|http):\/\/(.+?)\/?$/.exec(value);
  if (m) return { kind: "tcp", base: `http://${m[1]}` };
  throw new Error(
    `cannot use Docker endpoint "${value}": give unix:///path/to/docker.sock, /path/to.sock ` +
      `or tcp://host:port`,
  );
}

function compareVersions(a: string, b: string): number {
  const [a1, a2] = a.split(".").map(Number);
  const [b1, b2] = b.split(".").map(Number);
  return a1 !== b1 ? a1 - b1 : (a2 || 0) - (b2 || 0);
}

/** Picks the API version: 1.41 when the engine's [min, max] holds it, else the nearest bound. */
export function chooseApiVersion(min: string | undefined, max: string | undefined): string {
  if (max && compareVersions(max, PREFERRED_API_VERSION) < 0) return max;
  if (min && compareVersions(min, PREFERRED_API_VERSION) > 0) return min;
  return PREFERRED_API_VERSION;
}

/** A Docker Engine API connection (one HTTP client, version negotiated on first use). */
export class DockerClient {
  readonly endpoint: string;
  #client?: Deno.HttpClient;
  #base: string;
  #version?: Promise<string>;

  constructor(endpoint?: string) {
    const resolved = resolveDockerEndpoint(endpoint);
    if (resolved.kind === "unix") {
      this.endpoint = `unix://${resolved.path}`;
      this.#client = Deno.createHttpClient({ proxy: { transport: "unix", path: resolved.path } });
      this.#base = "http://docker";
    } else {
      this.endpoint = resolved.base;
      this.#base = resolved.base;
    }
  }

  /** The negotiated API version ("1.41"); fails with a clear sentence when nothing answers. */
  apiVersion(): Promise<string> {
    this.#version ??= this.#negotiate();
    this.#version.catch(() => this.#version = undefined);
    return this.#version;
  }

  async #negotiate(): Promise<string> {
    let res: Response;
    try {
      res = await this.#fetch("GET", "/_ping", {});
      await res.body?.cancel();
      res = await this.#fetch("GET", "/version", {});
    } catch (e) {
      throw new Error(
        `cannot reach the Docker Engine API at ${this.endpoint} (${errorText(e)}); start ` +
          `Docker or \`podman system service\`, or point --docker-endpoint/DOCKER_HOST at it`,
      );
    }
    const v = await res.json() as { ApiVersion?: string; MinAPIVersion?: string };
    return chooseApiVersion(v.MinAPIVersion, v.ApiVersion);
  }

  #fetch(method: string, path: string, req: DockerRequest): Promise<Response> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== undefined) qs.set(k, typeof v === "boolean" ? (v ? "1" : "0") : String(v));
    }
    const url = `${this.#base}${path}${qs.size ? `?${qs}` : ""}`;
    const init: RequestInit & { client?: Deno.HttpClient } = { method, signal: req.signal };
    if (this.#client) init.client = this.#client;
    if (req.raw) {
      init.body = req.raw.bytes;
      init.headers = { "content-type": req.raw.contentType };
    } else if (req.body !== undefined) {
      init.body = JSON.stringify(req.body);
      init.headers = { "content-type": "application/json" };
    }
    if (req.headers) init.headers = { ...init.headers as Record<string, string>, ...req.headers };
    return fetch(url, init);
  }

  /** Sends a request under the negotiated version; non-2xx answers throw DockerApiError. */
  async request(method: string, path: string, req: DockerRequest = {}): Promise<Response> {
    const version = await this.apiVersion();
    const full = `/v${version}${path}`;
    const res = await this.#fetch(method, full, req);
    if (res.status >= 400) {
      const text = await res.text();
      let message = text.trim();
      try {
        const parsed = JSON.parse(text) as { message?: string };
        if (parsed.message) message = parsed.message;
      } catch { /* plain text answer */ }
      throw new DockerApiError(res.status, `${method} ${path}`, message);
    }
    return res;
  }

  /** A request whose answer is JSON (an empty answer gives `undefined`). */
  async json<T>(method: string, path: string, req: DockerRequest = {}): Promise<T> {
    const res = await this.request(method, path, req);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A request whose answer body is ignored. */
  async call(method: string, path: string, req: DockerRequest = {}): Promise<void> {
    const res = await this.request(method, path, req);
    await res.body?.cancel();
  }

  /** Closes the underlying HTTP client. */
  close(): void {
    this.#client?.close();
    this.#client = undefined;
  }
}

/** A short text of an unknown thrown value. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
