/** core/v1 Volume (emptyDir, hostPath) and VolumeMount. */

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

/** A named volume of a pod. */
export interface Volume {
  name: string;
  emptyDir?: EmptyDirVolumeSource;
  hostPath?: HostPathVolumeSource;
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
