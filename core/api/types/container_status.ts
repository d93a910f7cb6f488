/** core/v1 ContainerStatus and ContainerState. */
import type { Int32, Time } from "./scalars.ts";
import type { ResourceList, ResourceRequirements } from "./container.ts";

/** A container not yet running (pulling, crash-loop back-off…). */
export interface ContainerStateWaiting {
  /** Why the container is not running yet (ContainerCreating, CrashLoopBackOff, …). */
  reason?: string;
  /** More detail on the wait. */
  message?: string;
}

/** A running container. */
export interface ContainerStateRunning {
  /** When the container last started. */
  startedAt?: Time;
}

/** A container that ended. */
export interface ContainerStateTerminated {
  /** The exit code of the container's main process. */
  exitCode: Int32;
  /** The signal that ended the process, if one did. */
  signal?: Int32;
  /** Why the container ended (Completed, Error, OOMKilled, …). */
  reason?: string;
  /** More detail on the end, such as the termination message. */
  message?: string;
  /** When the container started. */
  startedAt?: Time;
  /** When the container ended. */
  finishedAt?: Time;
  /** The runtime's id of the container, as `<type>://<id>`. */
  containerID?: string;
}

/** Exactly one of waiting, running or terminated. */
export interface ContainerState {
  /** Set while the container waits to run. */
  waiting?: ContainerStateWaiting;
  /** Set while the container runs. */
  running?: ContainerStateRunning;
  /** Set once the container has ended. */
  terminated?: ContainerStateTerminated;
}

/** The observed state of one container of a pod. */
export interface ContainerStatus {
  /** The container's name, as in the pod spec. */
  name: string;
  /** What the container is doing now. */
  state?: ContainerState;
  /** How the container's previous run ended, if it restarted. */
  lastState?: ContainerState;
  /** True when the container passes its readiness probe. */
  ready: boolean;
  /** How many times the container has been restarted. */
  restartCount: Int32;
  /** The image the container runs. */
  image: string;
  /** The resolved id (digest) of the image. */
  imageID: string;
  /** The runtime's id of the container, as `<type>://<id>`. */
  containerID?: string;
  /** True once the container has started and passed its startup probe. */
  started?: boolean;
  /** The resources the node has set aside for the container. */
  allocatedResources?: ResourceList;
  /** The requests and limits the running container actually has. */
  resources?: ResourceRequirements;
  /** The volume mounts of the running container. */
  volumeMounts?: Record<string, unknown>[];
  /** The user identity of the container's first process. */
  user?: Record<string, unknown>;
  /** The health of the devices allocated to the container. */
  allocatedResourcesStatus?: Record<string, unknown>[];
  /** The signal the container is stopped with. */
  stopSignal?: string;
}
