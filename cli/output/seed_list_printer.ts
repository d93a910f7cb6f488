/**
 * The seed's kubecfg `list` output: `list pods` (ID, Image(s), Host, Labels, Status),
 * `list replicationControllers` (ID, Image(s), Selector, Replicas), `list services`
 * (ID, Labels, Selector, Port) and `list minions` (ID), with the `----------` underline row.
 */
import { asRecord as rec } from "../../core/api/json_value.ts";
import type { KubeObject } from "../../core/api/object.ts";
import { imagesOf, mapText, podHost, podStatusText } from "../../core/client/object_facts.ts";
import { colorStatus } from "./colors.ts";
import { KUBECFG_LAYOUT, renderRows } from "./table_printer.ts";

/** The v1 resource each seed list type reads, and its columns. */
interface SeedColumns {
  resource: string;
  headers: string[];
  row: (o: KubeObject) => string[];
}

function firstPort(o: KubeObject): string {
  const ports = rec(o.spec).ports;
  const p = Array.isArray(ports) ? rec(ports[0]) : {};
  return p.port === undefined ? "" : String(p.port);
}

const SEED_TYPES: Record<string, SeedColumns> = {
  pods: {
    resource: "pods",
    headers: ["ID", "Image(s)", "Host", "Labels", "Status"],
    row: (
      o,
    ) => [
      o.metadata.name ?? "",
      imagesOf(o),
      podHost(o),
      mapText(o.metadata.labels, ""),
      colorStatus(podStatusText(o)),
    ],
  },
  replicationcontrollers: {
    resource: "replicationcontrollers",
    headers: ["ID", "Image(s)", "Selector", "Replicas"],
    row: (o) => [
      o.metadata.name ?? "",
      imagesOf(o, true),
      mapText(rec(o.spec).selector, ""),
      String(rec(o.spec).replicas ?? 1),
    ],
  },
  services: {
    resource: "services",
    headers: ["ID", "Labels", "Selector", "Port"],
    row: (
      o,
    ) => [
      o.metadata.name ?? "",
      mapText(o.metadata.labels, ""),
      mapText(rec(o.spec).selector, ""),
      firstPort(o),
    ],
  },
  minions: { resource: "nodes", headers: ["ID"], row: (o) => [o.metadata.name ?? ""] },
};

/** The seed list type for a name (`pods`, `replicationControllers`, `services`, `minions`, …). */
export function seedListType(name: string): SeedColumns | undefined {
  const n = name.toLowerCase();
  const alias: Record<string, string> = {
    pod: "pods",
    po: "pods",
    replicationcontroller: "replicationcontrollers",
    rc: "replicationcontrollers",
    service: "services",
    svc: "services",
    minion: "minions",
    nodes: "minions",
    node: "minions",
  };
  return SEED_TYPES[alias[n] ?? n];
}

/** Renders `items` as the seed's kubecfg table. */
export function renderSeedList(type: SeedColumns, items: KubeObject[]): string {
  const underline = type.headers.map(() => "----------");
  return renderRows([type.headers, underline, ...items.map(type.row)], KUBECFG_LAYOUT);
}
