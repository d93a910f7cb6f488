/**
 * Client-side columns for servers that ignore `as=Table`: builds the same meta/v1 Table kubectl
 * would show for pods, services, endpoints, replicationcontrollers, nodes, namespaces and events.
 */
import type { KubeObject } from "../api/object.ts";
import type { MetaTable, TableColumn } from "./meta_table.ts";
import { humanAge } from "./duration.ts";
import {
  endpointsText,
  mapText,
  podReady,
  podRestarts,
  podStatusText,
  servicePorts,
} from "./object_facts.ts";

type Row = (o: KubeObject, now: number) => unknown[];

interface Printer {
  columns: [string, number][];
  row: Row;
}

function rec(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? v as Record<string, unknown>
    : {};
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function s(v: unknown, none = "<none>"): string {
  return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : none;
}

const age = (o: KubeObject, now: number) => humanAge(o.metadata.creationTimestamp, now);

function nodeStatus(o: KubeObject): string {
  const ready = arr(rec(o.status).conditions).map(rec).find((c) => c.type === "Ready");
  const base = ready?.status === "True" ? "Ready" : ready ? "NotReady" : "Unknown";
  return rec(o.spec).unschedulable === true ? `${base},SchedulingDisabled` : base;
}

function nodeAddress(o: KubeObject, type: string): string {
  const a = arr(rec(o.status).addresses).map(rec).find((x) => x.type === type);
  return s(a?.address);
}

const PRINTERS: Record<string, Printer> = {
  pods: {
    columns: [["Name", 0], ["Ready", 0], ["Status", 0], ["Restarts", 0], ["Age", 0], ["IP", 1], [
      "Node",
      1,
    ], [
      "Nominated Node",
      1,
    ], ["Readiness Gates", 1]],
    row: (o, now) => [
      o.metadata.name,
      podReady(o),
      podStatusText(o),
      podRestarts(o),
      age(o, now),
      s(rec(o.status).podIP),
      s(rec(o.spec).nodeName),
      s(rec(o.status).nominatedNodeName),
      "<none>",
    ],
  },
  services: {
    columns: [["Name", 0], ["Type", 0], ["Cluster-IP", 0], ["External-IP", 0], ["Port(s)", 0], [
      "Age",
      0,
    ], [
      "Selector",
      1,
    ]],
    row: (o, now) => {
      const spec = rec(o.spec);
      const ext = arr(spec.externalIPs).map(String);
      return [
        o.metadata.name,
        s(spec.type, "ClusterIP"),
        s(spec.clusterIP),
        ext.length > 0 ? ext.join(",") : "<none>",
        servicePorts(o),
        age(o, now),
        mapText(spec.selector),
      ];
    },
  },
  endpoints: {
    columns: [["Name", 0], ["Endpoints", 0], ["Age", 0]],
    row: (o, now) => [o.metadata.name, endpointsText(o), age(o, now)],
  },
  replicationcontrollers: {
    columns: [["Name", 0], ["Desired", 0], ["Current", 0], ["Ready", 0], ["Age", 0], [
      "Containers",
      1,
    ], [
      "Images",
      1,
    ], ["Selector", 1]],
    row: (o, now) => {
      const spec = rec(o.spec);
      const status = rec(o.status);
      const containers = arr(rec(rec(spec.template).spec).containers).map(rec);
      return [
        o.metadata.name,
        typeof spec.replicas === "number" ? spec.replicas : 1,
        typeof status.replicas === "number" ? status.replicas : 0,
        typeof status.readyReplicas === "number" ? status.readyReplicas : 0,
        age(o, now),
        containers.map((c) => String(c.name ?? "")).join(","),
        containers.map((c) => String(c.image ?? "")).join(","),
        mapText(spec.selector),
      ];
    },
  },
  nodes: {
    columns: [
      ["Name", 0],
      ["Status", 0],
      ["Roles", 0],
      ["Age", 0],
      ["Version", 0],
      ["Internal-IP", 1],
      [
        "External-IP",
        1,
      ],
      ["OS-Image", 1],
      ["Kernel-Version", 1],
      ["Container-Runtime", 1],
    ],
    row: (o, now) => {
      const info = rec(rec(o.status).nodeInfo);
      return [
        o.metadata.name,
        nodeStatus(o),
        "<none>",
        age(o, now),
        s(info.kubeletVersion, ""),
        nodeAddress(o, "InternalIP"),
        nodeAddress(o, "ExternalIP"),
        s(info.osImage, "<unknown>"),
        s(info.kernelVersion, "<unknown>"),
        s(info.containerRuntimeVersion, "<unknown>"),
      ];
    },
  },
  namespaces: {
    columns: [["Name", 0], ["Status", 0], ["Age", 0]],
    row: (o, now) => [o.metadata.name, s(rec(o.status).phase, "Active"), age(o, now)],
  },
  events: {
    columns: [["Last Seen", 0], ["Type", 0], ["Reason", 0], ["Object", 0], ["Message", 0]],
    row: (o, now) => {
      const inv = rec(o.involvedObject);
      const last = s(o.lastTimestamp, "") || s(o.eventTime, "") || o.metadata.creationTimestamp;
      return [
        humanAge(last, now),
        s(o.type, "Normal"),
        s(o.reason, ""),
        `${String(inv.kind ?? "").toLowerCase()}/${String(inv.name ?? "")}`,
        s(o.message, ""),
      ];
    },
  },
};

/** A Table for `items` of `resource`, computed on the client (NAME and AGE for unknown ones). */
export function fallbackTable(
  resource: string,
  items: KubeObject[],
  resourceVersion = "",
  now = Date.now(),
): MetaTable {
  const p: Printer = PRINTERS[resource] ??
    {
      columns: [["Name", 0], ["Age", 0]],
      row: (o: KubeObject, n: number) => [o.metadata.name, age(o, n)],
    };
  const columnDefinitions: TableColumn[] = p.columns.map(([name, priority]) => ({
    name,
    type: "string",
    format: name === "Name" ? "name" : "",
    priority,
  }));
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion },
    columnDefinitions,
    rows: items.map((o) => ({
      cells: p.row(o, now),
      object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata },
    })),
  };
}
