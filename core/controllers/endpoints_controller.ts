/**
 * The endpoints controller: keeps one Endpoints object per Service with a selector, listing the
 * selected pods' addresses (ready and not ready) per service port; deletes the Endpoints of a
 * deleted Service. Services without a selector are left to their users.
 */
import { selectorFromSet } from "../api/label_selector.ts";
import type { Endpoints } from "../api/types/endpoints.ts";
import type { EndpointSliceWriter } from "./endpoint_slices.ts";
import type { Pod } from "../api/types/pod.ts";
import type { Service } from "../api/types/service.ts";
import { describeError, isNotFound } from "../client/client_errors.ts";
import { type Informer, objectKey } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { type Logger, logger } from "../util/log.ts";
import { endpointSubsets } from "./endpoint_subsets.ts";
import { WorkQueue } from "./work_queue.ts";

/** Settings of the endpoints controller. */
export interface EndpointsControllerOptions {
  client: RestClient;
  services: Informer<Service>;
  pods: Informer<Pod>;
  endpoints: Informer<Endpoints>;
  /** Writes EndpointSlices next to the Endpoints (absent: Endpoints only). */
  slices?: EndpointSliceWriter;
  /** Services synced at once (default 5). */
  workers?: number;
  log?: Logger;
}

function hasSelector(svc: Service): boolean {
  return Object.keys(svc.spec?.selector ?? {}).length > 0;
}

/** Keeps Endpoints in step with services and pods. */
export class EndpointsController {
  readonly #opts: EndpointsControllerOptions;
  readonly #queue: WorkQueue;
  readonly #log: Logger;

  constructor(opts: EndpointsControllerOptions) {
    this.#opts = opts;
    this.#log = opts.log ?? logger("endpoints-controller");
    this.#queue = new WorkQueue("endpoints-controller", (k) => this.sync(k), opts.workers ?? 5);
  }

  /** Registers the handlers and starts the workers once the informers have synced. */
  async start(): Promise<void> {
    const { services, pods, endpoints } = this.#opts;
    await services.addHandlers({
      onAdd: (s) => this.#queue.add(objectKey(s)),
      onUpdate: (_o, s) => this.#queue.add(objectKey(s)),
      onDelete: (s) => this.#queue.add(objectKey(s)),
    });
    await pods.addHandlers({
      onAdd: (p) => this.#podChanged(p),
      onUpdate: (old, p) => this.#podChanged(p, old),
      onDelete: (p) => this.#podChanged(p),
    });
    await endpoints.addHandlers({
      // Someone else changed or removed an Endpoints object: put it back as it should be.
      onUpdate: (_o, e) => {
        if (services.get(objectKey(e))) this.#queue.add(objectKey(e));
      },
      onDelete: (e) => {
        if (services.get(objectKey(e))) this.#queue.add(objectKey(e));
      },
    });
    await Promise.all([services.waitForSync(), pods.waitForSync(), endpoints.waitForSync()]);
    for (const s of services.list()) this.#queue.add(objectKey(s));
    this.#queue.start();
  }

  /** Stops the workers (the informers belong to the caller). */
  async stop(): Promise<void> {
    await this.#queue.stop();
  }

  #podChanged(pod: Pod, old?: Pod): void {
    for (const svc of this.#opts.services.list()) {
      if (svc.metadata.namespace !== pod.metadata.namespace || !hasSelector(svc)) continue;
      const sel = selectorFromSet(svc.spec?.selector);
      if (sel.matches(pod.metadata.labels) || (old && sel.matches(old.metadata.labels))) {
        this.#queue.add(objectKey(svc));
      }
    }
  }

  /** Reconciles the Endpoints of one service ("namespace/name"). */
  async sync(key: string): Promise<void> {
    const [namespace, name] = key.split("/", 2);
    const ref = { resource: "endpoints", namespace, name };
    const svc = this.#opts.services.get(key);
    if (!svc) {
      await this.#opts.slices?.remove(namespace, name);
      if (!this.#opts.endpoints.get(key)) return;
      try {
        await this.#opts.client.delete(ref);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      return;
    }
    if (!hasSelector(svc)) return;
    const sel = selectorFromSet(svc.spec?.selector);
    const pods = this.#opts.pods.list().filter((p) =>
      p.metadata.namespace === namespace && sel.matches(p.metadata.labels)
    );
    const subsets = endpointSubsets(svc, pods);
    await this.#opts.slices?.reconcile(svc, subsets);
    const current = this.#opts.endpoints.get(key);
    const labels = svc.metadata.labels;
    if (
      current && JSON.stringify(current.subsets ?? []) === JSON.stringify(subsets) &&
      JSON.stringify(current.metadata.labels ?? {}) === JSON.stringify(labels ?? {})
    ) return;
    const body: Endpoints = {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name, namespace, labels, resourceVersion: current?.metadata.resourceVersion },
      subsets,
    };
    try {
      if (current) await this.#opts.client.update<Endpoints>(ref, body);
      else await this.#opts.client.create<Endpoints>(ref, body);
    } catch (e) {
      throw new Error(`writing the endpoints of service ${key} failed: ${describeError(e)}`);
    }
    const ready = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
    const notReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
    this.#log.v(2, `${key}: ${ready} ready and ${notReady} not-ready address(es)`);
  }
}
