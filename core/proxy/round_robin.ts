/**
 * The proxy's load balancer: round robin over a service port's ready endpoints, with
 * `sessionAffinity: ClientIP` pinning a client to the endpoint it used last.
 */

/** One backend address. */
export interface Endpoint {
  host: string;
  port: number;
}

/** Affinity settings of a service port. */
export interface AffinityOptions {
  clientIP: boolean;
  /** How long an idle client keeps its endpoint (Kubernetes' default: 10800 s). */
  timeoutSeconds: number;
}

interface Sticky {
  endpoint: string;
  lastUsed: number;
}

const key = (e: Endpoint) => `${e.host}:${e.port}`;

/** Round-robin state for one service port. */
export class RoundRobin {
  #endpoints: Endpoint[] = [];
  #index = 0;
  #affinity: AffinityOptions = { clientIP: false, timeoutSeconds: 10800 };
  #sticky = new Map<string, Sticky>();

  /** Replaces the endpoint set; sticky clients whose endpoint is gone are forgotten. */
  setEndpoints(endpoints: Endpoint[]): void {
    const same = endpoints.length === this.#endpoints.length &&
      endpoints.every((e, i) => key(e) === key(this.#endpoints[i]));
    if (same) return;
    this.#endpoints = [...endpoints];
    this.#index = this.#endpoints.length ? this.#index % this.#endpoints.length : 0;
    const live = new Set(endpoints.map(key));
    for (const [ip, s] of this.#sticky) if (!live.has(s.endpoint)) this.#sticky.delete(ip);
  }

  /** Sets the affinity mode (ClientIP or none). */
  setAffinity(affinity: AffinityOptions): void {
    this.#affinity = affinity;
    if (!affinity.clientIP) this.#sticky.clear();
  }

  /** The current endpoints. */
  endpoints(): readonly Endpoint[] {
    return this.#endpoints;
  }

  /**
   * The endpoints to try for a new connection from `clientIP`, best first: the sticky one
   * (if any), then the round-robin order. The caller tries them in turn while they refuse.
   */
  pick(clientIP: string, now?: number): Endpoint[] {
    const eps = this.#endpoints;
    const n = eps.length;
    if (n === 0) return [];
    const start = this.#index;
    this.#index = start + 1 === n ? 0 : start + 1;
    // A plain loop: this runs for every proxied connection.
    const order = new Array<Endpoint>(n);
    for (let i = 0, j = start; i < n; i++, j = j + 1 === n ? 0 : j + 1) order[i] = eps[j];
    if (!this.#affinity.clientIP) return order;
    const s = this.#sticky.get(clientIP);
    if (s && (now ?? Date.now()) - s.lastUsed <= this.#affinity.timeoutSeconds * 1000) {
      const pinned = order.find((e) => key(e) === s.endpoint);
      if (pinned) {
        this.#index = start; // a sticky pick does not advance the rotation
        return [pinned, ...order.filter((e) => e !== pinned)];
      }
    }
    return order;
  }

  /** Records that `clientIP` got connected to `endpoint` (for ClientIP affinity). */
  connected(clientIP: string, endpoint: Endpoint, now?: number): void {
    if (this.#affinity.clientIP) {
      this.#sticky.set(clientIP, { endpoint: key(endpoint), lastUsed: now ?? Date.now() });
    }
  }
}
