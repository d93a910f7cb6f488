/**
 * The main thread's side of proxy_load_worker.ts: starts the worker and asks it for backends,
 * connection rates and stream throughput, so the cluster bench's proxy figures compare the
 * proxy against a direct connection without the load generator sharing the proxy's thread.
 */
import type { ProxyLoadReply, ProxyLoadRequest } from "./proxy_load_worker.ts";

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;
type Ask = WithoutId<ProxyLoadRequest>;

/** A load generator and backends in their own thread. */
export class ProxyLoad {
  #worker = new Worker(new URL("./proxy_load_worker.ts", import.meta.url).href, {
    type: "module",
  });
  #next = 0;
  #waiting = new Map<number, { resolve: (v: number) => void; reject: (e: Error) => void }>();

  constructor() {
    this.#worker.onmessage = (e: MessageEvent<ProxyLoadReply>) => {
      const w = this.#waiting.get(e.data.id);
      this.#waiting.delete(e.data.id);
      if ("error" in e.data) w?.reject(new Error(`proxy load worker: ${e.data.error}`));
      else w?.resolve(e.data.value);
    };
  }

  #ask(req: Ask): Promise<number> {
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ ...req, id });
    });
  }

  /** Starts a backend in the worker; resolves with its port. */
  backend(name: string, bulkBytes = 0): Promise<number> {
    return this.#ask({ op: "backend", name, bulkBytes });
  }

  /** Stops the backend on `port`. */
  async closeBackend(port: number): Promise<void> {
    await this.#ask({ op: "closeBackend", port });
  }

  /** Connections per second to `port` (connect, a line each way, close). */
  rate(port: number, connections = 2000, parallel = 8): Promise<number> {
    return this.#ask({ op: "rate", port, connections, parallel });
  }

  /** MiB/s read from `port` by `parallel` streams. */
  streams(port: number, parallel = 8): Promise<number> {
    return this.#ask({ op: "streams", port, parallel });
  }

  /** Ends the worker. */
  close(): void {
    this.#worker.terminate();
  }
}
