/**
 * The files of configMap, secret, downwardAPI and projected volumes, computed as the kubelet
 * does: every key (or the listed `items`) as a file with `defaultMode` (0644 unless given) or
 * the item's `mode`; a missing object or key fails with the kubelet's sentence unless the
 * source is `optional`; projected volumes merge their sources, service-account tokens included.
 */
import { decodeBase64Strict as decodeBase64 } from "../../api/validation/config_data.ts";
import type { Pod } from "../../api/types/pod.ts";
import type {
  DownwardAPIVolumeFile,
  KeyToPath,
  ServiceAccountTokenProjection,
  Volume,
} from "../../api/types/volume.ts";
import type { SandboxInfo } from "../runtime.ts";
import type { Payload } from "./atomic_writer.ts";
import { podFieldValue, resourceFieldValue } from "./downward_values.ts";
import type { PodObjectSource } from "./pod_object_source.ts";

/** A volume that cannot be set up (kubelet's FailedMount). */
export class VolumeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "VolumeError";
  }
}

/** The kubelet's default file mode of these volumes. */
export const DEFAULT_MODE = 0o644;

/** The path of the projected CA in k8sm's implicit service-account volume. */
export interface ClusterCaProjection {
  path: string;
}

/** A volume as the executor sees it: API sources plus k8sm's implicit cluster-CA source. */
export interface ExecutorVolume extends Volume {
  /** Set on the implicit kube-api-access volume: its sources include the cluster CA. */
  clusterCa?: ClusterCaProjection;
}

const encoder = new TextEncoder();

function addKeys(
  out: Payload,
  keys: Map<string, Uint8Array>,
  items: KeyToPath[] | undefined,
  mode: number,
  what: string,
  optional: boolean | undefined,
): void {
  if (!items || items.length === 0) {
    for (const [k, data] of keys) out.set(k, { data, mode });
    return;
  }
  for (const item of items) {
    const data = keys.get(item.key);
    if (data === undefined) {
      if (optional) continue;
      throw new VolumeError(`${what} references non-existent key: ${item.key}`);
    }
    out.set(item.path, { data, mode: item.mode ?? mode });
  }
}

async function configMapKeys(
  source: PodObjectSource,
  ns: string,
  name: string,
  optional: boolean | undefined,
): Promise<Map<string, Uint8Array> | undefined> {
  const cm = await source.configMap(ns, name);
  if (!cm) {
    if (optional) return undefined;
    throw new VolumeError(`configmap "${name}" not found`);
  }
  const keys = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(cm.data ?? {})) keys.set(k, encoder.encode(v));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) keys.set(k, decodeBase64(v));
  return keys;
}

async function secretKeys(
  source: PodObjectSource,
  ns: string,
  name: string,
  optional: boolean | undefined,
): Promise<Map<string, Uint8Array> | undefined> {
  const s = await source.secret(ns, name);
  if (!s) {
    if (optional) return undefined;
    throw new VolumeError(`secret "${name}" not found`);
  }
  return new Map(Object.entries(s.data ?? {}).map(([k, v]) => [k, decodeBase64(v)]));
}

function addDownward(
  out: Payload,
  pod: Pod,
  items: DownwardAPIVolumeFile[] | undefined,
  mode: number,
  sandbox: SandboxInfo | undefined,
): void {
  for (const item of items ?? []) {
    let value: string | undefined;
    if (item.fieldRef) {
      value = podFieldValue(pod, item.fieldRef.fieldPath, sandbox, true);
      if (value === undefined) {
        throw new VolumeError(
          `downwardAPI fieldPath "${item.fieldRef.fieldPath}" is not supported`,
        );
      }
    } else if (item.resourceFieldRef) {
      value = resourceFieldValue(pod, undefined, item.resourceFieldRef);
    }
    out.set(item.path, { data: encoder.encode(value ?? ""), mode: item.mode ?? mode });
  }
}

async function addToken(
  out: Payload,
  pod: Pod,
  source: PodObjectSource,
  t: ServiceAccountTokenProjection,
  mode: number,
): Promise<number> {
  const ns = pod.metadata.namespace ?? "default";
  const sa = pod.spec?.serviceAccountName || "default";
  const issued = await source.token(ns, sa, {
    audiences: t.audience ? [t.audience] : undefined,
    expirationSeconds: t.expirationSeconds ?? 3600,
  }).catch((e) => {
    throw new VolumeError(
      `cannot request a token of service account "${sa}": ${e instanceof Error ? e.message : e}`,
      { cause: e },
    );
  });
  out.set(t.path, { data: encoder.encode(issued.token), mode });
  return Date.parse(issued.expirationTimestamp);
}

/** What computing a payload found out besides the files. */
export interface PayloadInfo {
  payload: Payload;
  /** The earliest expiry of a projected token (ms since the epoch), if any. */
  tokenExpiry?: number;
}

/**
 * The files of `volume` (configMap, secret, downwardAPI or projected), or undefined for other
 * kinds. An optional source whose object is missing contributes nothing.
 */
export async function volumePayload(
  pod: Pod,
  volume: ExecutorVolume,
  source: PodObjectSource,
  sandbox: SandboxInfo | undefined,
  reuseToken?: (path: string) => Uint8Array | undefined,
): Promise<PayloadInfo | undefined> {
  const ns = pod.metadata.namespace ?? "default";
  const out: Payload = new Map();
  if (volume.configMap) {
    const v = volume.configMap;
    const keys = await configMapKeys(source, ns, v.name ?? "", v.optional);
    const mode = v.defaultMode ?? DEFAULT_MODE;
    if (keys) addKeys(out, keys, v.items, mode, `configMap "${v.name}"`, v.optional);
    return { payload: out };
  }
  if (volume.secret) {
    const v = volume.secret;
    const keys = await secretKeys(source, ns, v.secretName ?? "", v.optional);
    const mode = v.defaultMode ?? DEFAULT_MODE;
    if (keys) addKeys(out, keys, v.items, mode, `secret "${v.secretName}"`, v.optional);
    return { payload: out };
  }
  if (volume.downwardAPI) {
    addDownward(
      out,
      pod,
      volume.downwardAPI.items,
      volume.downwardAPI.defaultMode ?? DEFAULT_MODE,
      sandbox,
    );
    return { payload: out };
  }
  if (!volume.projected) return undefined;
  const mode = volume.projected.defaultMode ?? DEFAULT_MODE;
  let tokenExpiry: number | undefined;
  for (const src of volume.projected.sources ?? []) {
    if (src.configMap) {
      const c = src.configMap;
      const keys = await configMapKeys(source, ns, c.name ?? "", c.optional);
      if (keys) addKeys(out, keys, c.items, mode, `configMap "${c.name}"`, c.optional);
    } else if (src.secret) {
      const s = src.secret;
      const keys = await secretKeys(source, ns, s.name ?? "", s.optional);
      if (keys) addKeys(out, keys, s.items, mode, `secret "${s.name}"`, s.optional);
    } else if (src.downwardAPI) addDownward(out, pod, src.downwardAPI.items, mode, sandbox);
    else if (src.serviceAccountToken) {
      const kept = reuseToken?.(src.serviceAccountToken.path);
      if (kept) out.set(src.serviceAccountToken.path, { data: kept, mode });
      else {
        const exp = await addToken(out, pod, source, src.serviceAccountToken, mode);
        tokenExpiry = Math.min(tokenExpiry ?? exp, exp);
      }
    }
  }
  if (volume.clusterCa) {
    const ca = source.caPem();
    if (ca) out.set(volume.clusterCa.path, { data: encoder.encode(ca), mode });
  }
  return { payload: out, tokenExpiry };
}
