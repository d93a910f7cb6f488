/** core/v1 ContainerStatus and ContainerState. */

/** A container not yet running (pulling, crash-loop back-off…). */
export interface ContainerStateWaiting {
  reason?: string;
  message?: string;
}

/** A running container. */
export interface ContainerStateRunning {
  startedAt?: string;
}

/** A container that ended. */
export interface ContainerStateTerminated {
  exitCode: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}

/** Exactly one of waiting, running or terminated. */
export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}

/** The observed state of one container of a pod. */
export interface ContainerStatus {
  name: string;
  state?: ContainerState;
  lastState?: ContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started?: boolean;
}
