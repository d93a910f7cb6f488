/** core/v1 Volume (emptyDir, hostPath, configMap, secret, downwardAPI, projected) and VolumeMount. */

/** A scratch directory living as long as the pod. */
export interface EmptyDirVolumeSource {
  medium?: "" | "Memory";
  sizeLimit?: string;
}

/** A directory of the host. */
export interface HostPathVolumeSource {
  path: string;
  type?: string;
}

/** A key of a ConfigMap or Secret projected to a file path. */
export interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

/** A ConfigMap's keys as files. */
export interface ConfigMapVolumeSource {
  name?: string;
  items?: KeyToPath[];
  defaultMode?: number;
  optional?: boolean;
}

/** A Secret's keys as files. */
export interface SecretVolumeSource {
  secretName?: string;
  items?: KeyToPath[];
  defaultMode?: number;
  optional?: boolean;
}

/** One file of a downwardAPI volume: a pod field or a container resource. */
export interface DownwardAPIVolumeFile {
  path: string;
  fieldRef?: { apiVersion?: string; fieldPath: string };
  resourceFieldRef?: { containerName?: string; resource: string; divisor?: string };
  mode?: number;
}

/** Pod fields as files. */
export interface DownwardAPIVolumeSource {
  items?: DownwardAPIVolumeFile[];
  defaultMode?: number;
}

/** A service-account token (TokenRequest) as a file of a projected volume. */
export interface ServiceAccountTokenProjection {
  audience?: string;
  expirationSeconds?: number;
  path: string;
}

/** One source of a projected volume. */
export interface VolumeProjection {
  configMap?: { name?: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { name?: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items?: DownwardAPIVolumeFile[] };
  serviceAccountToken?: ServiceAccountTokenProjection;
}

/** Several sources in one directory. */
export interface ProjectedVolumeSource {
  sources?: VolumeProjection[];
  defaultMode?: number;
}

/** A named volume of a pod. */
export interface Volume {
  name: string;
  emptyDir?: EmptyDirVolumeSource;
  hostPath?: HostPathVolumeSource;
  configMap?: ConfigMapVolumeSource;
  secret?: SecretVolumeSource;
  downwardAPI?: DownwardAPIVolumeSource;
  projected?: ProjectedVolumeSource;
  [source: string]: unknown;
}

/** Where a container mounts a pod volume. */
export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

/** The volume source fields k8sm knows (others are reported as unsupported by runtimes). */
export const VOLUME_SOURCES = [
  "emptyDir",
  "hostPath",
  "secret",
  "configMap",
  "persistentVolumeClaim",
  "projected",
  "downwardAPI",
  "nfs",
] as const;
