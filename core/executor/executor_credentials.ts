/**
 * The credentials a k8sm scheduler hands its executors, riding in `TaskInfo.data` beside the
 * pod (`{"pod": …, "credentials": …}`), never in the ExecutorInfo, the command line or the
 * environment: Mesos' `/state` shows neither task data nor anything the agent did not put
 * there, and the executor keeps the token in memory only. A plain pod JSON in `data` (an open
 * cluster, or an older scheduler) still decodes, with no credentials.
 */

/** What an executor needs to talk to a secured apiserver and to guard its kubelet endpoint. */
export interface ExecutorCredentials {
  /** A node-restricted bearer token (user `system:node:<node>`, group `system:nodes`). */
  token: string;
  /** When the token expires (RFC 3339). */
  expirationTimestamp?: string;
  /** PEM CA certificate(s) that signed the apiserver's serving certificate. */
  apiCaPem?: string;
  /** PEM CA certificate(s) the apiserver's kubelet client certificate is signed by. */
  kubeletClientCaPem?: string;
  /**
   * The apiserver URL executors should use now. A recovered executor started with an older
   * `--api-servers` (the apiserver came back on another address) switches to it.
   */
  apiServer?: string;
}

/** The `request` of an executor's MESSAGE (`{"request":"credentials"}`) asking for them again. */
export const CREDENTIALS_REQUEST = "credentials";

/** A task's data decoded: the pod JSON value and, when the scheduler sent them, credentials. */
export interface TaskData {
  pod: unknown;
  credentials?: ExecutorCredentials;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An http(s) URL without credentials, query or fragment, else undefined (then ignored). */
function apiServerUrl(v: unknown): string | undefined {
  if (typeof v !== "string" || v === "") return undefined;
  try {
    const u = new URL(v);
    const plain = u.username === "" && u.password === "" && u.search === "" && u.hash === "";
    return (u.protocol === "https:" || u.protocol === "http:") && plain ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON text of a task's data: the bare pod, or the envelope when there are credentials. */
export function encodeTaskData(pod: unknown, credentials?: ExecutorCredentials): string {
  return JSON.stringify(credentials ? { pod, credentials } : pod);
}

/**
 * Splits parsed task data into pod and credentials. An envelope is an object with a `pod`
 * object and no `spec`; anything else is the pod itself. Credentials without a string token
 * are ignored.
 */
export function decodeTaskData(parsed: unknown): TaskData {
  if (!isRecord(parsed) || !isRecord(parsed.pod) || "spec" in parsed) return { pod: parsed };
  const c = parsed.credentials;
  if (!isRecord(c) || typeof c.token !== "string" || c.token === "") return { pod: parsed.pod };
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  return {
    pod: parsed.pod,
    credentials: {
      token: c.token,
      expirationTimestamp: str(c.expirationTimestamp),
      apiCaPem: str(c.apiCaPem),
      kubeletClientCaPem: str(c.kubeletClientCaPem),
      apiServer: apiServerUrl(c.apiServer),
    },
  };
}
