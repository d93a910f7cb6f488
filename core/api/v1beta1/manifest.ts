/** The seed's v1beta1 ContainerManifest (`desiredState.manifest`) ⇄ a v1 PodSpec. */
import { isRecord, type JsonRecord } from "../json_value.ts";
import { containerFromV1beta1, containerToV1beta1 } from "./container.ts";

const RESTART_TO_V1: Record<string, string> = {
  always: "Always",
  onFailure: "OnFailure",
  never: "Never",
};

/** v1 restartPolicy from `{always:{}}`, `{onFailure:{}}` or `{never:{}}` (or a v1 string). */
export function restartPolicyFromV1beta1(value: unknown): unknown {
  if (typeof value === "string") return value;
  if (!isRecord(value)) return undefined;
  const key = Object.keys(RESTART_TO_V1).find((k) => value[k] !== undefined);
  return key ? RESTART_TO_V1[key] : undefined;
}

/** `{always:{}}` etc. from a v1 restartPolicy. */
export function restartPolicyToV1beta1(value: unknown): JsonRecord {
  const key = Object.entries(RESTART_TO_V1).find(([, v]) => v === value)?.[0] ?? "always";
  return { [key]: {} };
}

function volumeFromV1beta1(v: unknown): unknown {
  if (!isRecord(v) || !isRecord(v.source)) return v;
  const out: JsonRecord = { name: v.name };
  const source = v.source;
  if (isRecord(source.hostDir)) out.hostPath = { path: source.hostDir.path };
  else if (isRecord(source.emptyDir)) out.emptyDir = {};
  else Object.assign(out, source);
  return out;
}

function volumeToV1beta1(v: unknown): unknown {
  if (!isRecord(v)) return v;
  if (isRecord(v.hostPath)) return { name: v.name, source: { hostDir: { path: v.hostPath.path } } };
  if (isRecord(v.emptyDir)) return { name: v.name, source: { emptyDir: {} } };
  const { name, ...rest } = v;
  return { name, source: rest };
}

/** A v1 PodSpec from a v1beta1 manifest; shapes it does not know are passed on for validation. */
export function manifestToPodSpec(manifest: JsonRecord): JsonRecord {
  const spec: JsonRecord = {};
  const containers = manifest.containers;
  spec.containers = Array.isArray(containers) ? containers.map(containerFromV1beta1) : containers;
  if (Array.isArray(manifest.volumes)) spec.volumes = manifest.volumes.map(volumeFromV1beta1);
  const restart = restartPolicyFromV1beta1(manifest.restartPolicy);
  if (restart !== undefined) spec.restartPolicy = restart;
  if (typeof manifest.dnsPolicy === "string") spec.dnsPolicy = manifest.dnsPolicy;
  if (typeof manifest.hostNetwork === "boolean") spec.hostNetwork = manifest.hostNetwork;
  return spec;
}

/** A v1beta1 manifest (`version`, `id`, `uuid`, `volumes`, `containers`, `restartPolicy`). */
export function podSpecToManifest(spec: JsonRecord, id: string, uuid?: string): JsonRecord {
  const manifest: JsonRecord = { version: "v1beta1", id };
  if (uuid) manifest.uuid = uuid;
  manifest.volumes = Array.isArray(spec.volumes) && spec.volumes.length
    ? spec.volumes.map(volumeToV1beta1)
    : null;
  manifest.containers = Array.isArray(spec.containers)
    ? spec.containers.map(containerToV1beta1)
    : null;
  manifest.restartPolicy = restartPolicyToV1beta1(spec.restartPolicy);
  if (spec.dnsPolicy !== undefined && spec.dnsPolicy !== "ClusterFirst") {
    manifest.dnsPolicy = spec.dnsPolicy;
  }
  if (spec.hostNetwork === true) manifest.hostNetwork = true;
  return manifest;
}
