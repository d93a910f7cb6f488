/** core/v1 Volume (emptyDir, hostPath, configMap, secret, downwardAPI, projected) and VolumeMount. */
import type { Int32, Int64, Quantity } from "./scalars.ts";
import type { ObjectFieldSelector, ResourceFieldSelector } from "./field_selectors.ts";

/** A scratch directory living as long as the pod. */
export interface EmptyDirVolumeSource {
  /** Where the directory lives: "" for the node's disk, Memory for a tmpfs. */
  medium?: "" | "Memory";
  /** The most the directory may hold; exceeding it evicts the pod. */
  sizeLimit?: Quantity;
}

/** A directory of the host. */
export interface HostPathVolumeSource {
  /** The path on the host; a symlink is followed. */
  path: string;
  /** What must be at the path: "", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice. */
  type?: string;
}

/** A key of a ConfigMap or Secret projected to a file path. */
export interface KeyToPath {
  /** The key to project. */
  key: string;
  /** The file's path relative to the mount point; may not contain '..'. */
  path: string;
  /** The file's permission bits (0 to 0777), overriding defaultMode. */
  mode?: Int32;
}

/** A ConfigMap's keys as files. */
export interface ConfigMapVolumeSource {
  /** The name of the ConfigMap, in the pod's namespace. */
  name?: string;
  /**
   * Which keys become which files; all keys, named after themselves, by default.
   * @listType atomic
   */
  items?: KeyToPath[];
  /** The permission bits of the files (0644 by default). */
  defaultMode?: Int32;
  /** When true, a missing ConfigMap or key is not an error. */
  optional?: boolean;
}

/** A Secret's keys as files. */
export interface SecretVolumeSource {
  /** The name of the Secret, in the pod's namespace. */
  secretName?: string;
  /**
   * Which keys become which files; all keys, named after themselves, by default.
   * @listType atomic
   */
  items?: KeyToPath[];
  /** The permission bits of the files (0644 by default). */
  defaultMode?: Int32;
  /** When true, a missing Secret or key is not an error. */
  optional?: boolean;
}

/** One file of a downwardAPI volume: a pod field or a container resource. */
export interface DownwardAPIVolumeFile {
  /** The file's path relative to the mount point; may not contain '..'. */
  path: string;
  /** A pod field (metadata.name, metadata.labels, …) to write. */
  fieldRef?: ObjectFieldSelector;
  /** A container resource limit or request to write. */
  resourceFieldRef?: ResourceFieldSelector;
  /** The file's permission bits, overriding defaultMode. */
  mode?: Int32;
}

/** Pod fields as files. */
export interface DownwardAPIVolumeSource {
  /**
   * The files to write.
   * @listType atomic
   */
  items?: DownwardAPIVolumeFile[];
  /** The permission bits of the files (0644 by default). */
  defaultMode?: Int32;
}

/** A service-account token (TokenRequest) as a file of a projected volume. */
export interface ServiceAccountTokenProjection {
  /** The audience the token is for; the apiserver's own by default. */
  audience?: string;
  /** The token's requested lifetime in seconds (at least 600; 3600 by default). */
  expirationSeconds?: Int64;
  /** The file's path relative to the mount point. */
  path: string;
}

/** A ConfigMap's keys in a projected volume. */
export interface ConfigMapProjection {
  /** The name of the ConfigMap, in the pod's namespace. */
  name?: string;
  /**
   * Which keys become which files.
   * @listType atomic
   */
  items?: KeyToPath[];
  /** When true, a missing ConfigMap or key is not an error. */
  optional?: boolean;
}

/** A Secret's keys in a projected volume. */
export interface SecretProjection {
  /** The name of the Secret, in the pod's namespace. */
  name?: string;
  /**
   * Which keys become which files.
   * @listType atomic
   */
  items?: KeyToPath[];
  /** When true, a missing Secret or key is not an error. */
  optional?: boolean;
}

/** Pod fields in a projected volume. */
export interface DownwardAPIProjection {
  /**
   * The files to write.
   * @listType atomic
   */
  items?: DownwardAPIVolumeFile[];
}

/** Projected sources the API accepts and k8sm does not run (schema only, see Volume). */
export interface UnsupportedProjections {
  /** Certificates from ClusterTrustBundles (not supported by k8sm). */
  clusterTrustBundle?: Record<string, unknown>;
}

/**
 * One source of a projected volume.
 * @schemaIncludes UnsupportedProjections
 */
export interface VolumeProjection {
  /** Files from a ConfigMap. */
  configMap?: ConfigMapProjection;
  /** Files from a Secret. */
  secret?: SecretProjection;
  /** Files from pod fields. */
  downwardAPI?: DownwardAPIProjection;
  /** A service-account token file. */
  serviceAccountToken?: ServiceAccountTokenProjection;
}

/** Several sources in one directory. */
export interface ProjectedVolumeSource {
  /**
   * The sources whose files are combined.
   * @listType atomic
   */
  sources?: VolumeProjection[];
  /** The permission bits of the files (0644 by default). */
  defaultMode?: Int32;
}

/** A PersistentVolumeClaim mounted as a volume. */
export interface PersistentVolumeClaimVolumeSource {
  /** The name of the claim, in the pod's namespace. */
  claimName: string;
  /** Mounts the volume read-only. */
  readOnly?: boolean;
}

/** An NFS export mounted as a volume. */
export interface NFSVolumeSource {
  /** The NFS server's host name or address. */
  server: string;
  /** The exported path. */
  path: string;
  /** Mounts the export read-only. */
  readOnly?: boolean;
}

/** An OCI image's content mounted read-only as a volume. */
export interface ImageVolumeSource {
  /** The image reference. */
  reference?: string;
  /** When to pull the image: Always, IfNotPresent or Never. */
  pullPolicy?: "Always" | "IfNotPresent" | "Never";
}

/**
 * A named volume of a pod.
 * @schemaIncludes UnsupportedVolumeSources
 */
export interface Volume {
  /** The volume's name, unique in the pod; mounts refer to it. */
  name: string;
  /** A scratch directory that lives as long as the pod. */
  emptyDir?: EmptyDirVolumeSource;
  /** A directory or file of the node (needs trust: it exposes the host). */
  hostPath?: HostPathVolumeSource;
  /** The keys of a ConfigMap as files. */
  configMap?: ConfigMapVolumeSource;
  /** The keys of a Secret as files. */
  secret?: SecretVolumeSource;
  /** Fields of the pod as files. */
  downwardAPI?: DownwardAPIVolumeSource;
  /** Several ConfigMap, Secret, downward API and token sources in one directory. */
  projected?: ProjectedVolumeSource;
  /** A PersistentVolumeClaim (not supported by k8sm's runtimes). */
  persistentVolumeClaim?: PersistentVolumeClaimVolumeSource;
  /** An NFS export (not supported by k8sm's runtimes). */
  nfs?: NFSVolumeSource;
  /** An OCI image's content (not supported by k8sm's runtimes). */
  image?: ImageVolumeSource;
  [source: string]: unknown;
}

/**
 * Volume sources the API accepts and k8sm's runtimes do not run (validation refuses them): part
 * of Volume's schema, so strict decoding knows them, and not of its TypeScript type.
 */
export interface UnsupportedVolumeSources {
  /** A CSI driver's inline volume (not supported by k8sm's runtimes). */
  csi?: Record<string, unknown>;
  /** A volume from a claim made for this pod alone (not supported by k8sm's runtimes). */
  ephemeral?: Record<string, unknown>;
  /** Legacy in-tree GCE disk plugin (not supported by k8sm). */
  gcePersistentDisk?: Record<string, unknown>;
  /** Legacy in-tree AWS EBS plugin (not supported by k8sm). */
  awsElasticBlockStore?: Record<string, unknown>;
  /** Legacy git checkout volume (not supported by k8sm). */
  gitRepo?: Record<string, unknown>;
  /** Legacy in-tree iSCSI plugin (not supported by k8sm). */
  iscsi?: Record<string, unknown>;
  /** Legacy in-tree GlusterFS plugin (not supported by k8sm). */
  glusterfs?: Record<string, unknown>;
  /** Legacy in-tree Ceph RBD plugin (not supported by k8sm). */
  rbd?: Record<string, unknown>;
  /** Legacy FlexVolume driver (not supported by k8sm). */
  flexVolume?: Record<string, unknown>;
  /** Legacy in-tree Cinder plugin (not supported by k8sm). */
  cinder?: Record<string, unknown>;
  /** Legacy in-tree CephFS plugin (not supported by k8sm). */
  cephfs?: Record<string, unknown>;
  /** Legacy in-tree Flocker plugin (not supported by k8sm). */
  flocker?: Record<string, unknown>;
  /** Legacy in-tree Fibre Channel plugin (not supported by k8sm). */
  fc?: Record<string, unknown>;
  /** Legacy in-tree Azure File plugin (not supported by k8sm). */
  azureFile?: Record<string, unknown>;
  /** Legacy in-tree vSphere plugin (not supported by k8sm). */
  vsphereVolume?: Record<string, unknown>;
  /** Legacy in-tree Quobyte plugin (not supported by k8sm). */
  quobyte?: Record<string, unknown>;
  /** Legacy in-tree Azure Disk plugin (not supported by k8sm). */
  azureDisk?: Record<string, unknown>;
  /** Legacy in-tree Photon plugin (not supported by k8sm). */
  photonPersistentDisk?: Record<string, unknown>;
  /** Legacy in-tree Portworx plugin (not supported by k8sm). */
  portworxVolume?: Record<string, unknown>;
  /** Legacy in-tree ScaleIO plugin (not supported by k8sm). */
  scaleIO?: Record<string, unknown>;
  /** Legacy in-tree StorageOS plugin (not supported by k8sm). */
  storageos?: Record<string, unknown>;
}

/** Where a container mounts a pod volume. */
export interface VolumeMount {
  /** The name of the pod volume to mount. */
  name: string;
  /** The absolute path in the container where the volume appears; may not contain ':'. */
  mountPath: string;
  /** Mounts the volume read-only. */
  readOnly?: boolean;
  /** Disabled, IfPossible or Enabled: whether read-only applies to submounts too. */
  recursiveReadOnly?: "Disabled" | "IfPossible" | "Enabled";
  /** A path inside the volume to mount instead of its root. */
  subPath?: string;
  /** None, HostToContainer or Bidirectional: how mounts propagate between host and container. */
  mountPropagation?: "None" | "HostToContainer" | "Bidirectional";
  /** Like subPath, with $(VAR) expanded from the container's environment. */
  subPathExpr?: string;
}

/** A raw block device of a pod volume inside a container. */
export interface VolumeDevice {
  /** The name of the pod volume (a PersistentVolumeClaim). */
  name: string;
  /** The device's path in the container. */
  devicePath: string;
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
