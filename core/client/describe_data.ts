/**
 * What `describe` reads: the object, the events about it
 * (`fieldSelector=involvedObject.name=…,involvedObject.namespace=…,involvedObject.uid=…`), and
 * per kind the related objects kubectl shows (a service's endpoints, a node's pods, an rc's pods).
 */
import type { ResourceInfo } from "../api/kinds.ts";
import { refOf } from "./resource_args.ts";
import type { KubeObject } from "../api/object.ts";
import { isNotFound } from "./client_errors.ts";
import type { RestClient } from "./rest_client.ts";

/** Everything one `describe` section needs. */
export interface DescribeData {
  info: ResourceInfo;
  object: KubeObject;
  events: KubeObject[];
  /** A service's Endpoints object, if any. */
  endpoints?: KubeObject;
  /** A node's non-terminated pods, or an rc's pods. */
  pods?: KubeObject[];
}

function selectorString(sel: unknown): string {
  if (typeof sel !== "object" || sel === null) return "";
  return Object.entries(sel as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(",");
}

/** The events about `obj`, oldest first. */
export async function eventsFor(client: RestClient, obj: KubeObject): Promise<KubeObject[]> {
  const m = obj.metadata;
  const parts = [`involvedObject.name=${m.name}`];
  if (m.namespace) parts.push(`involvedObject.namespace=${m.namespace}`);
  if (m.uid) parts.push(`involvedObject.uid=${m.uid}`);
  const list = await client.list(
    { resource: "events", namespace: m.namespace || undefined },
    { fieldSelector: parts.join(","), limit: 500 },
  );
  const time = (e: KubeObject) =>
    Date.parse(String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? "")) || 0;
  return (list.items ?? []).sort((a, b) => time(a) - time(b));
}

/** Reads `name` of `info` and what its description shows. */
export async function describeData(
  client: RestClient,
  info: ResourceInfo,
  namespace: string,
  name: string,
): Promise<DescribeData> {
  const ns = info.namespaced ? namespace : undefined;
  const object = await client.get(refOf(info, ns, name));
  const events = await eventsFor(client, object).catch(() => []);
  const data: DescribeData = { info, object, events };
  if (info.resource === "services") {
    try {
      data.endpoints = await client.get({ resource: "endpoints", namespace: ns, name });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  } else if (info.resource === "nodes") {
    const pods = await client.list({ resource: "pods" }, {
      fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
    });
    data.pods = pods.items ?? [];
  } else if (info.resource === "replicationcontrollers") {
    const sel = selectorString((object.spec as { selector?: unknown } | undefined)?.selector);
    if (sel !== "") {
      const pods = await client.list({ resource: "pods", namespace: ns }, { labelSelector: sel });
      data.pods = pods.items ?? [];
    }
  }
  return data;
}
