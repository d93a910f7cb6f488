/** The seed's v1beta1 Pod (`id`, `desiredState.manifest`, `currentState.status`) ⇄ v1 Pod. */
import type { KubeObject } from "../object.ts";
import { isRecord, type JsonRecord, stringMap } from "../json_value.ts";
import { manifestToPodSpec, podSpecToManifest } from "./manifest.ts";
import { metaFromV1beta1, metaToV1beta1, rec } from "./meta.ts";

const PHASE_TO_STATUS: Record<string, string> = {
  Pending: "Waiting",
  Running: "Running",
  Succeeded: "Terminated",
  Failed: "Terminated",
  Unknown: "Unknown",
};
const STATUS_TO_PHASE: Record<string, string> = {
  Waiting: "Pending",
  Running: "Running",
  Terminated: "Succeeded",
  Unknown: "Unknown",
};

/** The v1beta1 pod status word for a v1 phase (Pending → Waiting, Succeeded/Failed → Terminated). */
export function v1beta1PodStatus(phase: unknown): string {
  return typeof phase === "string" ? PHASE_TO_STATUS[phase] ?? "Waiting" : "Waiting";
}

/** A v1 Pod from a v1beta1 pod body. */
export function podFromV1beta1(body: JsonRecord): KubeObject {
  const desired = rec(body, "desiredState");
  const manifest = rec(desired, "manifest");
  const metadata = metaFromV1beta1(body, typeof manifest.id === "string" ? manifest.id : "");
  if (!metadata.uid && typeof manifest.uuid === "string" && manifest.uuid) {
    metadata.uid = manifest.uuid;
  }
  const spec = manifestToPodSpec(manifest);
  const nodeSelector = stringMap(body.nodeSelector);
  if (nodeSelector && Object.keys(nodeSelector).length) spec.nodeSelector = nodeSelector;
  if (typeof desired.host === "string" && desired.host) spec.nodeName = desired.host;
  const pod: KubeObject = { kind: "Pod", apiVersion: "v1", metadata, spec };
  const current = rec(body, "currentState");
  const status: JsonRecord = {};
  if (typeof current.status === "string" && STATUS_TO_PHASE[current.status]) {
    status.phase = STATUS_TO_PHASE[current.status];
  }
  if (typeof current.hostIP === "string" && current.hostIP) status.hostIP = current.hostIP;
  if (typeof current.podIP === "string" && current.podIP) status.podIP = current.podIP;
  if (Object.keys(status).length) pod.status = status;
  return pod;
}

function containerInfo(statuses: unknown): JsonRecord | undefined {
  if (!Array.isArray(statuses) || statuses.length === 0) return undefined;
  const info: JsonRecord = {};
  for (const s of statuses) {
    if (!isRecord(s) || typeof s.name !== "string") continue;
    const state = rec(s, "state");
    const v1beta1State: JsonRecord = {};
    if (isRecord(state.waiting)) v1beta1State.waiting = state.waiting;
    if (isRecord(state.running)) v1beta1State.running = state.running;
    if (isRecord(state.terminated)) v1beta1State.termination = state.terminated;
    info[s.name] = {
      state: v1beta1State,
      restartCount: s.restartCount ?? 0,
      image: s.image ?? "",
      containerID: s.containerID ?? "",
      ready: s.ready === true,
    };
  }
  return info;
}

/** The seed's v1beta1 view of a v1 Pod. */
export function podToV1beta1(pod: KubeObject): JsonRecord {
  const out = metaToV1beta1("Pod", pod.metadata);
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const status = isRecord(pod.status) ? pod.status : {};
  const name = pod.metadata.name ?? "";
  const manifest = podSpecToManifest(spec, name, pod.metadata.uid);
  const nodeName = typeof spec.nodeName === "string" ? spec.nodeName : "";
  const desired: JsonRecord = { manifest, status: "Running" };
  if (nodeName) desired.host = nodeName;
  out.desiredState = desired;
  const current: JsonRecord = {
    manifest: structuredClone(manifest),
    status: v1beta1PodStatus(status.phase),
  };
  if (nodeName) current.host = nodeName;
  if (typeof status.hostIP === "string") current.hostIP = status.hostIP;
  if (typeof status.podIP === "string") current.podIP = status.podIP;
  const info = containerInfo(status.containerStatuses);
  if (info) current.info = info;
  out.currentState = current;
  if (isRecord(spec.nodeSelector) && Object.keys(spec.nodeSelector).length) {
    out.nodeSelector = spec.nodeSelector;
  }
  return out;
}
