/**
 * A lease store over the Kubernetes API, so that daemons that only reach the apiserver (the
 * controller-manager, the proxy) can use the scheduler's LeaderElector: the lease record lives
 * in the annotation `control-plane.alpha.kubernetes.io/leader` of an Endpoints object (as
 * Kubernetes' own controller-manager did before Lease objects), and writes are compare-and-swap
 * on its resourceVersion. Only get, create and update are supported.
 */
import { isApiError } from "../api/status.ts";
import type { Endpoints } from "../api/types/endpoints.ts";
import { isNotFound } from "../client/client_errors.ts";
import type { RestClient } from "../client/rest_client.ts";
import {
  type ListResult,
  type Preconditions,
  type Store,
  type StoredObject,
  StoreError,
  type Watch,
} from "../storage/store.ts";

/** The annotation holding the lease record. */
export const LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";

/** A Store whose single key maps to `namespace/name` Endpoints in the API. */
export class ApiLeaseStore implements Store {
  constructor(
    private readonly client: RestClient,
    private readonly namespace = "kube-system",
    private readonly name = "k8sm-controller-manager",
  ) {}

  #ref() {
    return { resource: "endpoints", namespace: this.namespace, name: this.name };
  }

  async #read(): Promise<Endpoints | undefined> {
    try {
      return await this.client.get<Endpoints>(this.#ref());
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  #decode<T extends StoredObject>(ep: Endpoints): T | undefined {
    const raw = ep.metadata.annotations?.[LEADER_ANNOTATION];
    if (!raw) return undefined;
    const rec = JSON.parse(raw) as T;
    rec.metadata = { ...(rec.metadata ?? {}), resourceVersion: ep.metadata.resourceVersion };
    return rec;
  }

  #encode(obj: StoredObject): string {
    const { metadata: _m, ...rest } = obj;
    return JSON.stringify(rest);
  }

  /** The lease record, if any. */
  async get<T extends StoredObject>(_key: string): Promise<T | undefined> {
    const ep = await this.#read();
    return ep ? this.#decode<T>(ep) : undefined;
  }

  /** Creates the lease (AlreadyExists when someone else did first). */
  async create<T extends StoredObject>(key: string, obj: T): Promise<T> {
    const existing = await this.#read();
    try {
      let ep: Endpoints;
      const annotations = { [LEADER_ANNOTATION]: this.#encode(obj) };
      if (!existing) {
        ep = await this.client.create<Endpoints>(this.#ref(), {
          apiVersion: "v1",
          kind: "Endpoints",
          metadata: { name: this.name, namespace: this.namespace, annotations },
        });
      } else if (existing.metadata.annotations?.[LEADER_ANNOTATION]) {
        throw new StoreError("AlreadyExists", key, `the lease ${key} already exists`);
      } else {
        ep = await this.client.update<Endpoints>(this.#ref(), {
          ...existing,
          metadata: { ...existing.metadata, annotations },
        });
      }
      return this.#decode<T>(ep) ?? obj;
    } catch (e) {
      if (isApiError(e, 409)) throw new StoreError("AlreadyExists", key, e.message);
      throw e;
    }
  }

  /** Compare-and-swap update of the lease record. */
  async update<T extends StoredObject>(
    key: string,
    fn: (current: T) => T | Promise<T>,
    precondition?: Preconditions,
  ): Promise<T> {
    const ep = await this.#read();
    const cur = ep && this.#decode<T>(ep);
    if (!ep || !cur) throw new StoreError("NotFound", key, `the lease ${key} does not exist`);
    if (
      precondition?.resourceVersion && precondition.resourceVersion !== ep.metadata.resourceVersion
    ) {
      throw new StoreError("Conflict", key, `the lease ${key} changed`);
    }
    const next = await fn(cur);
    if (next === cur) return cur;
    try {
      const written = await this.client.update<Endpoints>(this.#ref(), {
        ...ep,
        metadata: {
          ...ep.metadata,
          annotations: { ...ep.metadata.annotations, [LEADER_ANNOTATION]: this.#encode(next) },
        },
      });
      return this.#decode<T>(written) ?? next;
    } catch (e) {
      if (isApiError(e, 409)) throw new StoreError("Conflict", key, e.message);
      throw e;
    }
  }

  /** Not supported by a lease store. */
  delete<T extends StoredObject>(key: string): Promise<T> {
    return Promise.reject(new StoreError("Unavailable", key, "a lease store cannot delete"));
  }

  /** Not supported by a lease store. */
  list<T extends StoredObject>(prefix: string): Promise<ListResult<T>> {
    return Promise.reject(new StoreError("Unavailable", prefix, "a lease store cannot list"));
  }

  /** Not supported by a lease store. */
  watch<T extends StoredObject>(prefix: string): Promise<Watch<T>> {
    return Promise.reject(new StoreError("Unavailable", prefix, "a lease store cannot watch"));
  }

  /** Always 0: a lease store keeps no revisions of its own. */
  currentRevision(): Promise<number> {
    return Promise.resolve(0);
  }

  /** Nothing to compact. */
  compact(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to release (the REST client belongs to the caller). */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
