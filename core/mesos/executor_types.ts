/**
 * The narrow seam between an executor and its Mesos agent: send status updates and messages,
 * receive executor Events. Implemented by ExecutorClient (HTTP) and by scripted fakes in tests.
 */

/** A mesos.v1.executor.Event in Mesos JSON form, or the client's own `DISCONNECTED` event. */
export interface ExecutorEvent {
  type: string;
  subscribed?: {
    executor_info: Record<string, unknown>;
    framework_info: Record<string, unknown>;
    agent_info: { hostname: string; id?: { value: string }; [k: string]: unknown };
    container_id?: { value: string };
  };
  launch?: { task: TaskInfoJson };
  launch_group?: { task_group: { tasks?: TaskInfoJson[] } };
  kill?: { task_id: { value: string }; kill_policy?: Record<string, unknown> };
  acknowledged?: { task_id: { value: string }; uuid: string };
  message?: { data: string };
  error?: { message: string };
  [field: string]: unknown;
}

/** A mesos.v1.TaskInfo in Mesos JSON form. */
export interface TaskInfoJson {
  name: string;
  task_id: { value: string };
  agent_id: { value: string };
  [field: string]: unknown;
}

/** A TaskStatus to send: task_id and state are required; uuid, source and executor_id are set for you. */
export interface TaskStatusInput {
  task_id: { value: string };
  state: string;
  message?: string;
  reason?: string;
  data?: string;
  healthy?: boolean;
  timestamp?: number;
  labels?: { labels: { key: string; value?: string }[] };
  container_status?: Record<string, unknown>;
  [field: string]: unknown;
}

/** What an executor needs from its agent. */
export interface ExecutorConnection {
  /** Events in arrival order; ends after close or SHUTDOWN, throws AgentDisconnectedError. */
  readonly events: AsyncIterable<ExecutorEvent>;
  /** Sends a status update reliably; resolves with its uuid (base64) once accepted or queued. */
  update(status: TaskStatusInput): Promise<string>;
  /** Sends opaque data to the scheduler (unreliable). */
  message(data: Uint8Array): Promise<void>;
  /** Stops the connection. */
  close(): Promise<void>;
}

/** The agent went away and the executor may not wait for it: exit (tasks are the agent's now). */
export class AgentDisconnectedError extends Error {
  override name = "AgentDisconnectedError";
}

/** 16 random bytes laid out as an RFC-4122 version 4 UUID, as Mesos requires for updates. */
export function randomUuidBytes(): Uint8Array {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return b;
}

/** Standard base64 with padding, as Mesos JSON writes bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const x of bytes) bin += String.fromCharCode(x);
  return btoa(bin);
}

/** Decodes standard base64 into bytes. */
export function base64ToBytes(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
