/** core/v1 SecurityContext (per container) and PodSecurityContext (per pod). */
import type { Int64 } from "./scalars.ts";

/** Linux capabilities to add to or drop from the container's default set. */
export interface Capabilities {
  /** Capabilities to add (such as NET_ADMIN). */
  add?: string[];
  /** Capabilities to remove (such as ALL). */
  drop?: string[];
}

/** An SELinux label for the container's processes. */
export interface SELinuxOptions {
  /** The SELinux user. */
  user?: string;
  /** The SELinux role. */
  role?: string;
  /** The SELinux type. */
  type?: string;
  /** The SELinux level (sensitivity and categories). */
  level?: string;
}

/** Windows-only settings of a container's identity. */
export interface WindowsSecurityContextOptions {
  /** The name of the GMSA credential spec to use. */
  gmsaCredentialSpecName?: string;
  /** The GMSA credential spec itself, inline. */
  gmsaCredentialSpec?: string;
  /** The Windows user to run the entrypoint as. */
  runAsUserName?: string;
  /** Runs the container as a host process. */
  hostProcess?: boolean;
}

/** A seccomp filter for the container's system calls. */
export interface SeccompProfile {
  /** RuntimeDefault, Unconfined or Localhost. */
  type: "RuntimeDefault" | "Unconfined" | "Localhost";
  /** For Localhost: the profile's path under the kubelet's seccomp directory. */
  localhostProfile?: string;
}

/** An AppArmor profile for the container. */
export interface AppArmorProfile {
  /** RuntimeDefault, Unconfined or Localhost. */
  type: "RuntimeDefault" | "Unconfined" | "Localhost";
  /** For Localhost: the name of a profile loaded on the node. */
  localhostProfile?: string;
}

/** Privileges and identity of one container. */
export interface SecurityContext {
  /** Linux capabilities to add and drop. */
  capabilities?: Capabilities;
  /** Runs the container with nearly all host privileges. */
  privileged?: boolean;
  /** An SELinux label for the container. */
  seLinuxOptions?: SELinuxOptions;
  /** Windows-only identity settings. */
  windowsOptions?: WindowsSecurityContextOptions;
  /** The user id the entrypoint runs as, instead of the image's. */
  runAsUser?: Int64;
  /** The group id the entrypoint runs as, instead of the image's. */
  runAsGroup?: Int64;
  /** When true, the container must not run as uid 0. */
  runAsNonRoot?: boolean;
  /** Mounts the container's root filesystem read-only. */
  readOnlyRootFilesystem?: boolean;
  /** Whether a process may gain more privileges than its parent (setuid binaries). */
  allowPrivilegeEscalation?: boolean;
  /** Default or Unmasked: how much of /proc is hidden. */
  procMount?: "Default" | "Unmasked";
  /** A seccomp filter, overriding the pod's. */
  seccompProfile?: SeccompProfile;
  /** An AppArmor profile, overriding the pod's. */
  appArmorProfile?: AppArmorProfile;
}

/** A kernel parameter set for the pod. */
export interface Sysctl {
  /** The parameter's name (such as net.core.somaxconn). */
  name: string;
  /** The value to set. */
  value: string;
}

/** Privileges and identity settings shared by all containers of a pod. */
export interface PodSecurityContext {
  /** An SELinux label for every container. */
  seLinuxOptions?: SELinuxOptions;
  /** Windows-only identity settings for every container. */
  windowsOptions?: WindowsSecurityContextOptions;
  /** The user id every container's entrypoint runs as. */
  runAsUser?: Int64;
  /** The group id every container's entrypoint runs as. */
  runAsGroup?: Int64;
  /** When true, no container may run as uid 0. */
  runAsNonRoot?: boolean;
  /**
   * Extra group ids for the first process of every container.
   * @listType atomic
   */
  supplementalGroups?: Int64[];
  /** Merge (add the image's groups too) or Strict (only the listed ones). */
  supplementalGroupsPolicy?: "Merge" | "Strict";
  /** A group that owns the pod's volumes and is added to every container. */
  fsGroup?: Int64;
  /**
   * Kernel parameters set for the pod.
   * @listType atomic
   */
  sysctls?: Sysctl[];
  /** OnRootMismatch or Always: when volume ownership is changed to fsGroup. */
  fsGroupChangePolicy?: "OnRootMismatch" | "Always";
  /** A seccomp filter for every container. */
  seccompProfile?: SeccompProfile;
  /** An AppArmor profile for every container. */
  appArmorProfile?: AppArmorProfile;
  /** MountOption or Recursive: how the SELinux label is applied to volumes. */
  seLinuxChangePolicy?: string;
}
