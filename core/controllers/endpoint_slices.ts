/**
 * EndpointSlices next to Endpoints, as kube's EndpointSlice controller writes them: one slice
 * per port set of a Service's subsets, named `<service>-<hash of the ports>`, labelled
 * `kubernetes.io/service-name` and managed by `endpointslice-controller.k8s.io`, owned by the
 * Service; ready addresses are ready and serving, not-ready ones neither. Slices of a Service
 * that no longer match a port set, or of a deleted Service, are deleted.
 */
import type { EndpointSubset } from "../api/types/endpoints.ts";
import type { Endpoint, EndpointSlice } from "../api/types/endpoint_slice.ts";
import type { Service } from "../api/types/service.ts";
import { describeError, isNotFound } from "../client/client_errors.ts";
import type { Informer } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { templateHash } from "./deployment_revisions.ts";
import { controllerRef } from "./pod_control.ts";

/** The label naming a slice's Service. */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
/** The label naming who manages a slice. */
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
const MANAGER = "endpointslice-controller.k8s.io";
const SLICES = { resource: "endpointslices", groupVersion: "discovery.k8s.io/v1" };

/** The slices of `svc` for its Endpoints subsets. */
export function slicesFor(svc: Service, subsets: EndpointSubset[]): EndpointSlice[] {
  const name = svc.metadata.name ?? "";
  return subsets.map((subset) => {
    const ports = (subset.ports ?? []).map((p) => ({
      name: p.name ?? "",
      protocol: p.protocol ?? "TCP",
      port: p.port,
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    }));
    const endpoint = (ready: boolean) => (a: NonNullable<EndpointSubset["addresses"]>[number]) => {
      const e: Endpoint = {
        addresses: [a.ip],
        conditions: { ready, serving: ready, terminating: false },
      };
      if (a.hostname) e.hostname = a.hostname;
      if (a.nodeName) e.nodeName = a.nodeName;
      if (a.targetRef) e.targetRef = a.targetRef;
      return e;
    };
    return {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name: `${name}-${templateHash({ metadata: { name: JSON.stringify(ports) } })}`,
        namespace: svc.metadata.namespace,
        labels: {
          ...svc.metadata.labels,
          [SERVICE_NAME_LABEL]: name,
          [MANAGED_BY_LABEL]: MANAGER,
        },
        ownerReferences: [controllerRef(svc, { kind: "Service", apiVersion: "v1" })],
      },
      addressType: "IPv4",
      endpoints: [
        ...(subset.addresses ?? []).map(endpoint(true)),
        ...(subset.notReadyAddresses ?? []).map(endpoint(false)),
      ],
      ports,
    };
  });
}

/** Writes a Service's slices through the API, reading the current ones from an informer. */
export class EndpointSliceWriter {
  constructor(
    private readonly client: RestClient,
    readonly slices: Informer<EndpointSlice>,
  ) {}

  /** The managed slices of Service `namespace/name` the informer holds. */
  #current(namespace: string, name: string): EndpointSlice[] {
    return this.slices.list().filter((s) =>
      s.metadata.namespace === namespace && s.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
      s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGER
    );
  }

  /** Makes the slices of `svc` those of `subsets`. */
  async reconcile(svc: Service, subsets: EndpointSubset[]): Promise<void> {
    const ns = svc.metadata.namespace ?? "default";
    const want = slicesFor(svc, subsets);
    const have = this.#current(ns, svc.metadata.name ?? "");
    for (const slice of want) {
      const cur = have.find((h) => h.metadata.name === slice.metadata.name);
      const same = cur && JSON.stringify([cur.endpoints, cur.ports, cur.metadata.labels]) ===
          JSON.stringify([slice.endpoints, slice.ports, slice.metadata.labels]);
      if (same) continue;
      try {
        if (cur) {
          slice.metadata.resourceVersion = cur.metadata.resourceVersion;
          await this.client.update({ ...SLICES, namespace: ns, name: slice.metadata.name }, slice);
        } else await this.client.create({ ...SLICES, namespace: ns }, slice);
      } catch (e) {
        throw new Error(
          `writing the endpoint slice ${ns}/${slice.metadata.name} failed: ${describeError(e)}`,
        );
      }
    }
    const keep = new Set(want.map((s) => s.metadata.name));
    for (const old of have) if (!keep.has(old.metadata.name)) await this.#delete(old);
  }

  /** Deletes every managed slice of Service `namespace/name`. */
  async remove(namespace: string, name: string): Promise<void> {
    for (const s of this.#current(namespace, name)) await this.#delete(s);
  }

  async #delete(slice: EndpointSlice): Promise<void> {
    try {
      await this.client.delete({
        ...SLICES,
        namespace: slice.metadata.namespace,
        name: slice.metadata.name,
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
