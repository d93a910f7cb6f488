/**
 * Node credentials the scheduler hands its executors: a node-restricted token per agent from
 * the apiserver's `POST /api/v1/nodes/<node>/token` (TokenRequest body), cached until half its
 * life is gone, plus the CA certificates the executor needs. An apiserver that issues no node
 * tokens (an open one: 404) makes executors run without credentials, said once in the log.
 */
import { ApiError } from "../api/status.ts";
import type { RestClient } from "../client/rest_client.ts";
import type { ExecutorCredentials } from "../executor/executor_credentials.ts";
import { logger } from "../util/log.ts";

const log = logger("scheduler");

/** Options of NodeCredentials. */
export interface NodeCredentialsOptions {
  /** PEM of the CA the apiserver's serving certificate chains to (the scheduler's own CA). */
  apiCaPem?: string;
  /** The apiserver URL executors are told to use (the one in their `--api-servers`). */
  apiServer?: string;
  /** PEM of the CA of the apiserver's kubelet client certificate (default: apiCaPem). */
  kubeletClientCaPem?: string;
  /** Requested token lifetime in seconds (default: the apiserver's, one week). */
  expirationSeconds?: number;
  now?: () => number;
}

interface Cached {
  credentials: ExecutorCredentials;
  refreshAt: number;
}

/** The apiserver's answer to a node TokenRequest. */
interface TokenRequestAnswer {
  status?: { token?: string; expirationTimestamp?: string };
}

/** Fetches and caches executor credentials per node. */
export class NodeCredentials {
  readonly #client: RestClient;
  readonly #opts: NodeCredentialsOptions;
  readonly #cache = new Map<string, Cached>();
  readonly #pending = new Map<string, Promise<ExecutorCredentials | undefined>>();
  #unsupported = false;
  #warned = false;

  constructor(client: RestClient, opts: NodeCredentialsOptions = {}) {
    this.#client = client;
    this.#opts = opts;
  }

  /** Credentials for the executor on `node`, or undefined when the apiserver issues none. */
  forNode(node: string): Promise<ExecutorCredentials | undefined> {
    if (this.#unsupported) return Promise.resolve(undefined);
    const now = (this.#opts.now ?? Date.now)();
    const hit = this.#cache.get(node);
    if (hit && hit.refreshAt > now) return Promise.resolve(hit.credentials);
    let p = this.#pending.get(node);
    if (!p) {
      p = this.#fetch(node, now).finally(() => this.#pending.delete(node));
      this.#pending.set(node, p);
    }
    return p;
  }

  async #fetch(node: string, now: number): Promise<ExecutorCredentials | undefined> {
    const body = {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: this.#opts.expirationSeconds ? { expirationSeconds: this.#opts.expirationSeconds } : {},
    };
    let answer: TokenRequestAnswer;
    try {
      answer = await this.#client.requestJson<TokenRequestAnswer>(
        "POST",
        `/api/v1/nodes/${encodeURIComponent(node)}/token`,
        { body },
      );
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) {
        this.#unsupported = true;
        log.warn(
          `the apiserver issues no node tokens (${e.message}); executors run without ` +
            "credentials, which works only against an apiserver without authentication",
        );
        return undefined;
      }
      if (!this.#warned) {
        this.#warned = true;
        log.error(
          `cannot get credentials for the executor on node ${node}: ${
            e instanceof Error ? e.message : e
          } (the scheduler's identity needs "create" on nodes/token); its pods cannot report ` +
            "status until this works",
        );
      }
      return this.#cache.get(node)?.credentials;
    }
    const token = answer.status?.token;
    if (!token) {
      throw new Error(`the apiserver's node TokenRequest answer for ${node} has no token`);
    }
    this.#warned = false;
    const expires = Date.parse(answer.status?.expirationTimestamp ?? "");
    const life = Number.isFinite(expires) ? expires - now : 3600_000;
    const apiCaPem = this.#opts.apiCaPem;
    const credentials: ExecutorCredentials = {
      token,
      expirationTimestamp: answer.status?.expirationTimestamp,
      apiCaPem,
      kubeletClientCaPem: this.#opts.kubeletClientCaPem ?? apiCaPem,
      apiServer: this.#opts.apiServer,
    };
    this.#cache.set(node, { credentials, refreshAt: now + life / 2 });
    return credentials;
  }
}
