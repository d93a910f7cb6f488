/**
 * `describe` output for pods, replication controllers, services and nodes, in kubectl's
 * sections (Name, Namespace, Labels, …, Containers, Conditions, Events).
 */
import { asRecord as rec, asRecords as arr, type JsonRecord } from "../../core/api/json_value.ts";
import type { KubeObject } from "../../core/api/object.ts";
import type { DescribeData } from "../../core/client/describe_data.ts";
import { ageSince } from "../../core/apiserver/tables/human_duration.ts";
import { endpointsText, mapText, podStatusText } from "../../core/client/object_facts.ts";
import { DescribeWriter } from "./describe_writer.ts";
import { describeConfigMap, describeSecret, describeServiceAccount } from "./describe_config.ts";
import { parseCpu, parseMemory } from "../../core/api/quantity.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import { hostPortOf } from "../../core/executor/host_ports.ts";
import { hostPortsOf } from "../../core/executor/task_pod.ts";
import { DEFAULT_EXECUTOR_SHARE } from "../../core/scheduler/executor_info.ts";
import { chargedResources } from "../../core/scheduler/pod_resources.ts";

function str(v: unknown, none = "<none>"): string {
  return v === undefined || v === null || v === "" ? none : String(v);
}

function header(w: DescribeWriter, o: KubeObject, namespaced: boolean): void {
  w.field(0, "Name", str(o.metadata.name));
  if (namespaced) w.field(0, "Namespace", str(o.metadata.namespace));
}

function meta(w: DescribeWriter, o: KubeObject): void {
  w.map(0, "Labels", o.metadata.labels);
  w.map(0, "Annotations", o.metadata.annotations, ": ");
}

function events(w: DescribeWriter, list: KubeObject[], now: number): void {
  if (list.length === 0) {
    w.field(0, "Events", "<none>");
    return;
  }
  w.field(0, "Events");
  const rows = list.map((e) => {
    const src = rec(e.source);
    const last = str(e.lastTimestamp, "") || str(e.eventTime, "") || e.metadata.creationTimestamp;
    const count = typeof e.count === "number" && e.count > 1
      ? ` (x${e.count} over ${ageSince(str(e.firstTimestamp, "") || last, now)})`
      : "";
    return [
      str(e.type, "Normal"),
      str(e.reason, ""),
      ageSince(last, now) + count,
      str(src.component, "") || str(e.reportingComponent, ""),
      str(e.message, ""),
    ];
  });
  w.table(1, ["Type", "Reason", "Age", "From", "Message"], rows);
}

function containerState(state: JsonRecord): [string, JsonRecord] {
  for (const k of ["running", "waiting", "terminated"]) {
    if (state[k]) return [k[0].toUpperCase() + k.slice(1), rec(state[k])];
  }
  return ["Waiting", {}];
}

function containers(
  w: DescribeWriter,
  list: JsonRecord[],
  statuses: JsonRecord[],
  level: number,
  mapped: Record<string, number> = {},
): void {
  w.field(level, "Containers");
  for (const c of list) {
    const st = statuses.find((s) => s.name === c.name);
    w.field(level + 1, String(c.name ?? ""));
    if (st?.containerID) w.field(level + 2, "Container ID", String(st.containerID));
    w.field(level + 2, "Image", str(c.image));
    const ports = arr(c.ports);
    w.field(
      level + 2,
      "Port",
      ports.length === 0
        ? "<none>"
        : ports.map((p) => `${p.containerPort}/${p.protocol ?? "TCP"}`).join(", "),
    );
    w.field(
      level + 2,
      "Host Port",
      ports.length === 0 ? "<none>" : ports.map((p) => {
        const proto = String(p.protocol ?? "TCP").toUpperCase();
        const host = hostPortOf(
          { containerPort: Number(p.containerPort), hostPort: Number(p.hostPort ?? 0) },
          { hostPorts: mapped },
        );
        return `${host ?? 0}/${proto}`;
      }).join(", "),
    );
    const cmd = [
      ...(Array.isArray(c.command) ? c.command : []),
      ...(Array.isArray(c.args) ? c.args : []),
    ];
    if (cmd.length > 0) w.field(level + 2, "Command", cmd.map(String).join(" "));
    if (st) {
      const [state, detail] = containerState(rec(st.state));
      w.field(level + 2, "State", state);
      if (detail.reason) w.field(level + 3, "Reason", String(detail.reason));
      if (detail.message) w.field(level + 3, "Message", String(detail.message));
      if (detail.exitCode !== undefined) w.field(level + 3, "Exit Code", String(detail.exitCode));
      if (detail.startedAt) w.field(level + 3, "Started", String(detail.startedAt));
      w.field(level + 2, "Ready", st.ready === true ? "True" : "False");
      w.field(level + 2, "Restart Count", String(st.restartCount ?? 0));
    }
    const env = arr(c.env);
    if (env.length === 0) w.field(level + 2, "Environment", "<none>");
    else {
      w.field(level + 2, "Environment");
      for (const e of env) {
        w.field(
          level + 3,
          String(e.name),
          e.value === undefined ? "<set from a source>" : String(e.value),
        );
      }
    }
  }
}

function describePod(w: DescribeWriter, d: DescribeData): void {
  const o = d.object;
  const spec = rec(o.spec);
  const status = rec(o.status);
  header(w, o, true);
  const node = spec.nodeName ? `${spec.nodeName}/${str(status.hostIP, "")}` : "<none>";
  w.field(0, "Node", node);
  if (status.startTime) w.field(0, "Start Time", String(status.startTime));
  meta(w, o);
  w.field(0, "Status", o.metadata.deletionTimestamp ? "Terminating" : str(status.phase, "Pending"));
  if (status.reason) w.field(0, "Reason", String(status.reason));
  if (status.message) w.field(0, "Message", String(status.message));
  w.field(0, "IP", str(status.podIP, ""));
  const owner = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
  if (owner) w.field(0, "Controlled By", `${owner.kind}/${owner.name}`);
  containers(w, arr(spec.containers), arr(status.containerStatuses), 0, hostPortsOf(o as Pod));
  const conditions = arr(status.conditions);
  if (conditions.length > 0) {
    w.field(0, "Conditions");
    w.table(
      1,
      ["Type", "Status"],
      conditions.map((c) => [String(c.type), String(c.status)]),
      false,
    );
  }
  w.map(0, "Node-Selectors", spec.nodeSelector as Record<string, string> | undefined);
}

function describeRc(w: DescribeWriter, d: DescribeData): void {
  const o = d.object;
  const spec = rec(o.spec);
  const status = rec(o.status);
  header(w, o, true);
  w.field(0, "Selector", mapText(spec.selector));
  meta(w, o);
  w.field(0, "Replicas", `${status.replicas ?? 0} current / ${spec.replicas ?? 1} desired`);
  const pods = d.pods ?? [];
  const count = (phase: string) => pods.filter((p) => rec(p.status).phase === phase).length;
  w.field(
    0,
    "Pods Status",
    `${count("Running")} Running / ${count("Pending")} Waiting / ${
      count("Succeeded")
    } Succeeded / ${count("Failed")} Failed`,
  );
  const template = rec(spec.template);
  w.field(0, "Pod Template");
  w.map(1, "Labels", rec(template.metadata).labels as Record<string, string> | undefined);
  containers(w, arr(rec(template.spec).containers), [], 1);
}

function describeService(w: DescribeWriter, d: DescribeData): void {
  const o = d.object;
  const spec = rec(o.spec);
  header(w, o, true);
  meta(w, o);
  w.field(0, "Selector", mapText(spec.selector));
  w.field(0, "Type", str(spec.type, "ClusterIP"));
  w.field(0, "IP", str(spec.clusterIP));
  for (const p of arr(spec.ports)) {
    w.field(0, "Port", `${str(p.name, "<unset>")}  ${p.port}/${p.protocol ?? "TCP"}`);
    w.field(0, "TargetPort", `${p.targetPort ?? p.port}/${p.protocol ?? "TCP"}`);
    if (p.nodePort) {
      w.field(0, "NodePort", `${str(p.name, "<unset>")}  ${p.nodePort}/${p.protocol ?? "TCP"}`);
    }
  }
  w.field(0, "Endpoints", d.endpoints ? endpointsText(d.endpoints) : "<none>");
  w.field(0, "Session Affinity", str(spec.sessionAffinity, "None"));
}

function percent(used: number, total: number): string {
  return total > 0 ? ` (${Math.round((used / total) * 100)}%)` : "";
}

/**
 * kubectl's "Allocated resources", as Mesos accounts them: each pod's requests, a best-effort
 * container's small charge (DEFAULT_RESOURCES), plus the executor's share once pods run here.
 */
function allocated(w: DescribeWriter, allocatable: JsonRecord, pods: Pod[]): void {
  const charged = chargedResources(pods);
  const share = pods.length > 0 ? DEFAULT_EXECUTOR_SHARE : { cpus: 0, memMb: 0 };
  const cpus = charged.cpus + share.cpus;
  const memMb = charged.memMb + share.memMb;
  let cpuTotal = 0;
  let memTotal = 0;
  try {
    cpuTotal = parseCpu(String(allocatable.cpu ?? "0"));
    memTotal = parseMemory(String(allocatable.memory ?? "0")) / (1024 * 1024);
  } catch { /* an odd quantity: no percentage */ }
  w.field(0, "Allocated resources");
  w.table(1, ["Resource", "Requests"], [
    ["cpu", `${Math.round(cpus * 1000)}m${percent(cpus, cpuTotal)}`],
    ["memory", `${memMb}Mi${percent(memMb, memTotal)}`],
  ]);
}

function describeNode(w: DescribeWriter, d: DescribeData, now: number): void {
  const o = d.object;
  const status = rec(o.status);
  header(w, o, false);
  meta(w, o);
  w.field(0, "CreationTimestamp", str(o.metadata.creationTimestamp));
  w.field(0, "Unschedulable", rec(o.spec).unschedulable === true ? "true" : "false");
  const conditions = arr(status.conditions);
  w.field(0, "Conditions");
  w.table(
    1,
    ["Type", "Status", "LastHeartbeatTime", "Reason", "Message"],
    conditions.map((c) => [
      String(c.type),
      String(c.status),
      str(c.lastHeartbeatTime, ""),
      str(c.reason, ""),
      str(c.message, ""),
    ]),
  );
  w.field(0, "Addresses");
  for (const a of arr(status.addresses)) w.field(1, String(a.type), String(a.address));
  w.field(0, "Capacity");
  for (const [k, v] of Object.entries(rec(status.capacity))) w.field(1, k, String(v));
  w.field(0, "Allocatable");
  for (const [k, v] of Object.entries(rec(status.allocatable))) w.field(1, k, String(v));
  const pods = d.pods ?? [];
  allocated(w, rec(status.allocatable), pods as Pod[]);
  w.field(0, "Non-terminated Pods", `(${pods.length} in total)`);
  w.table(
    1,
    ["Namespace", "Name", "Status", "Age"],
    pods.map((p) => [
      str(p.metadata.namespace, ""),
      str(p.metadata.name, ""),
      podStatusText(p),
      ageSince(p.metadata.creationTimestamp, now),
    ]),
  );
}

/** The sections after the metadata of core/v1 ConfigMaps, Secrets and ServiceAccounts. */
function describeConfigKinds(w: DescribeWriter, d: DescribeData): void {
  if (d.info.resource === "configmaps") describeConfigMap(w, d.object);
  else if (d.info.resource === "secrets") describeSecret(w, d.object);
  else if (d.info.resource === "serviceaccounts") describeServiceAccount(w, d.object);
}

/** The describe text of `d`; other kinds get a generic header, labels and events. */
export function renderDescribe(d: DescribeData, now = Date.now()): string {
  const w = new DescribeWriter();
  switch (d.info.resource) {
    case "pods":
      describePod(w, d);
      break;
    case "replicationcontrollers":
      describeRc(w, d);
      break;
    case "services":
      describeService(w, d);
      break;
    case "nodes":
      describeNode(w, d, now);
      break;
    default:
      header(w, d.object, d.info.namespaced);
      meta(w, d.object);
      if (d.info.group === "") describeConfigKinds(w, d);
  }
  // kubectl describes a Secret without its events.
  if (d.info.resource !== "secrets" || d.info.group !== "") events(w, d.events, now);
  return w.toString();
}
