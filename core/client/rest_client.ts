/**
 * A small Kubernetes REST client over fetch: JSON in and out, bearer token (inline or a file
 * re-read on change), client certificate, custom CA, typed errors from Status bodies, watches as
 * async iterables and raw text streams (logs).
 */
import type { KubeList, KubeObject } from "../api/object.ts";
import { apiErrorFromBody, networkReason, ServerUnreachableError } from "./client_errors.ts";
import {
  joinUrl,
  type Query,
  queryString,
  resourcePath,
  type ResourceRef,
} from "./resource_path.ts";
import { decodeWatch, type WatchEvent } from "./watch_stream.ts";
import { LIST_PAGE_SIZE, listAllPages } from "./paged_list.ts";
import { insecureFetch } from "./insecure_fetch.ts";
import { TokenFile } from "./token_file.ts";
import { ApiTroubleNotices } from "./api_trouble.ts";
import { MAX_TOO_MANY_REQUESTS_RETRIES, retryDelayMs, sleepUnlessAborted } from "./retry_after.ts";

/** How to reach and authenticate to an API server. */
export interface RestConfig {
  /** Base URL, e.g. "http://localhost:8080". */
  server: string;
  /** Bearer token sent as `Authorization: Bearer …`. */
  token?: string;
  /** A file holding the bearer token, re-read when it changes; wins over `token`. */
  tokenFile?: string;
  /** Extra trusted CA certificates (PEM). */
  caCerts?: string[];
  /** Client certificate chain (PEM) for TLS client authentication; needs `privateKey`. */
  certChain?: string;
  /** Private key (PEM) of `certChain`. */
  privateKey?: string;
  /** Skip verification of the server's certificate (https requests then go through node:https). */
  insecureSkipTlsVerify?: boolean;
  /** User agent; defaults to "k8sm". */
  userAgent?: string;
  /**
   * Sends requests (watches included) through this function instead of fetch: the apiserver's
   * in-process transport for a component running in the apiserver's process, which presents
   * the component's certificate itself. `server` still forms the URLs; upgrades (exec, attach,
   * port-forward) keep using the network.
   */
  transport?: RestTransport;
}

/** A fetch-like function a RestClient sends its requests through (see RestConfig.transport). */
export type RestTransport = (req: Request) => Promise<Response>;

/** Patch flavours and their content types. */
export const PATCH_CONTENT_TYPES = {
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
} as const;

/** A patch flavour: merge (RFC 7386), json (RFC 6902), strategic, or server-side apply. */
export type PatchType = keyof typeof PATCH_CONTENT_TYPES;

/** Label/field selectors and list/watch knobs. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  limit?: number;
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
}

/** Options of one raw request. */
export interface RequestOptions {
  query?: Query;
  /** A JSON-serialisable body (a string is sent as is). */
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
}

/** The Accept header asking for a server-side Table (falls back to JSON). */
export const TABLE_ACCEPT =
  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

/** The Deno HTTP client of `config`'s CA and client certificate, if it needs one. */
function tlsClient(config: RestConfig): Deno.HttpClient | undefined {
  const caCerts = config.caCerts && config.caCerts.length > 0 ? config.caCerts : undefined;
  const { certChain: cert, privateKey: key } = config;
  if ((cert === undefined) !== (key === undefined)) {
    throw new Error(
      `a client certificate for ${config.server} needs both the certificate and its key; ` +
        "pass --client-certificate with --client-key (or set both in the kubeconfig user)",
    );
  }
  if ((!caCerts && cert === undefined) || config.transport) return undefined;
  try {
    return cert !== undefined && key !== undefined
      ? Deno.createHttpClient({ caCerts, cert, key })
      : Deno.createHttpClient({ caCerts });
  } catch (e) {
    throw new Error(
      `cannot use the TLS settings for ${config.server} (${
        e instanceof Error ? e.message : String(e)
      }); check that the CA, client certificate and key are PEM and that the key matches`,
    );
  }
}

/** A REST client for one API server; call close() when done if a CA or certificate was set. */
export class RestClient {
  readonly config: RestConfig;
  /** Credential and certificate failures already reported since the last success. */
  readonly notices = new ApiTroubleNotices();
  #http: Deno.HttpClient | undefined;
  readonly #tokenFile: TokenFile | undefined;

  constructor(config: RestConfig) {
    this.config = config;
    this.#http = tlsClient(config);
    this.#tokenFile = config.tokenFile ? new TokenFile(config.tokenFile, config.token) : undefined;
  }

  /**
   * Switches to new credentials: a rotated bearer token, or the cluster CA learned after start
   * (an executor gets both with its tasks), or the apiserver's address when it moved (an
   * executor that outlived a restart of `up` on another port). A changed CA replaces the TLS
   * client.
   */
  updateCredentials(update: { token?: string; caCerts?: string[]; server?: string }): void {
    if (update.token !== undefined) this.config.token = update.token;
    if (update.server !== undefined) this.config.server = update.server;
    const ca = update.caCerts;
    if (ca !== undefined && JSON.stringify(ca) !== JSON.stringify(this.config.caCerts ?? [])) {
      this.config.caCerts = ca;
      const old = this.#http;
      this.#http = tlsClient(this.config);
      old?.close();
    }
  }

  /** Releases the TLS client, if any. */
  close(): void {
    this.#http?.close();
    this.#http = undefined;
  }

  /** Sends a request (a 429 is retried after Retry-After, a few times); throws ApiError on a
   * non-2xx answer and ServerUnreachableError on no answer. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    for (let attempt = 0;; attempt++) {
      const res = await this.#send(method, path, opts);
      if (res.status !== 429 || attempt >= MAX_TOO_MANY_REQUESTS_RETRIES) return this.#checked(res);
      await res.body?.cancel().catch(() => {});
      await sleepUnlessAborted(retryDelayMs(res.headers.get("retry-after"), attempt), opts.signal);
    }
  }

  async #send(method: string, path: string, opts: RequestOptions): Promise<Response> {
    const headers = new Headers({ "User-Agent": this.config.userAgent ?? "k8sm" });
    headers.set("Accept", opts.accept ?? "application/json");
    const token = this.#tokenFile?.read() ?? this.config.token;
    if (token) headers.set("Authorization", `Bearer ${token}`);
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      headers.set("Content-Type", opts.contentType ?? "application/json");
    }
    const url = joinUrl(this.config.server, path) + queryString(opts.query);
    let res: Response;
    try {
      res = this.config.transport
        ? await this.config.transport(
          new Request(url, { method, headers, body, signal: opts.signal }),
        )
        : this.config.insecureSkipTlsVerify && url.startsWith("https:")
        ? await insecureFetch(url, {
          method,
          headers,
          body,
          signal: opts.signal,
          cert: this.config.certChain,
          key: this.config.privateKey,
        })
        : await fetch(url, { method, headers, body, signal: opts.signal, client: this.#http });
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      throw new ServerUnreachableError(this.config.server, networkReason(e));
    }
    return res;
  }

  async #checked(res: Response): Promise<Response> {
    if (!res.ok) {
      const text = await res.text().catch(() => "");
      throw apiErrorFromBody(res.status, text, res.statusText);
    }
    this.notices.succeeded();
    return res;
  }

  /** Sends a request and parses the JSON answer. */
  async requestJson<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    const text = await res.text();
    if (text.trim() === "") return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw apiErrorFromBody(
        500,
        `the server at ${this.config.server} answered ${method} ${path} with non-JSON: ` +
          text.slice(0, 120),
      );
    }
  }

  /** GET one object. */
  get<T extends KubeObject = KubeObject>(ref: ResourceRef, query?: Query): Promise<T> {
    return this.requestJson<T>("GET", resourcePath(ref), { query });
  }

  /**
   * LIST a collection (in `ref.namespace`, or every namespace when it is undefined), complete:
   * asked in pages of `opts.limit` (default 500) following `continue` on one snapshot.
   */
  list<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    opts: ListOptions = {},
  ): Promise<KubeList<T>> {
    const path = resourcePath({ ...ref, name: undefined });
    return listAllPages<T>(
      (query) => this.requestJson<KubeList<T>>("GET", path, { query: { ...opts, ...query } }),
      opts.limit ?? LIST_PAGE_SIZE,
    );
  }

  /** POST a new object into `ref`'s collection. */
  create<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    body: unknown,
    query?: Query,
  ): Promise<T> {
    return this.requestJson<T>("POST", resourcePath({ ...ref, name: undefined }), { body, query });
  }

  /** PUT (replace) an object. */
  update<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    body: unknown,
    query?: Query,
  ): Promise<T> {
    return this.requestJson<T>("PUT", resourcePath(ref), { body, query });
  }

  /** PATCH an object with the given flavour (server-side apply for "apply"). */
  patch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    patch: unknown,
    type: PatchType,
    query?: Query,
  ): Promise<T> {
    return this.requestJson<T>("PATCH", resourcePath(ref), {
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
      query,
    });
  }

  /** DELETE an object; returns what the server answers (the object or a Status). */
  delete<T = KubeObject>(
    ref: ResourceRef,
    opts: { propagationPolicy?: string; gracePeriodSeconds?: number } = {},
  ): Promise<T> {
    const body: Record<string, unknown> = {};
    if (opts.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
    if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
    return this.requestJson<T>("DELETE", resourcePath(ref), {
      body: Object.keys(body).length > 0 ? body : undefined,
    });
  }

  /**
   * WATCH a collection from `opts.resourceVersion`. The iterable ends when the server closes
   * the stream, `signal` aborts, or (with `idleMs`) the stream is silent that long — k8sm's
   * apiserver sends a heartbeat line every 15 s, so a longer silence means a dead connection.
   * An ERROR event is thrown as ApiError (410 for Expired).
   */
  async *watch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    opts: ListOptions = {},
    signal?: AbortSignal,
    accept?: string,
    idleMs?: number,
  ): AsyncGenerator<WatchEvent<T>> {
    const res = await this.request("GET", resourcePath({ ...ref, name: undefined }), {
      query: { ...opts, watch: true },
      signal,
      accept,
    });
    if (!res.body) return;
    try {
      yield* decodeWatch<T>(res.body, signal, idleMs);
    } catch (e) {
      if (signal?.aborted) return;
      throw e;
    }
  }

  /** GET a text stream (pod logs): the raw body, to be read until it ends or `signal` aborts. */
  async stream(
    path: string,
    query?: Query,
    signal?: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> {
    const res = await this.request("GET", path, { query, signal, accept: "*/*" });
    return res.body ?? new ReadableStream({ start: (c) => c.close() });
  }
}
