/**
 * Puts a test apiserver into the states the command goldens show: pods bound to a host and
 * Running (as the scheduler and executor would leave them), events about an object.
 */
import { jsonBody, type TestApiServer } from "../_helpers/apiserver.ts";

/** Binds pod `name` to `host` and marks it Running with hostIP = host and ready containers. */
export async function makeRunning(
  s: TestApiServer,
  name: string,
  host: string,
  podIP = "172.17.0.13",
  namespace = "default",
): Promise<void> {
  const base = `/api/v1/namespaces/${namespace}/pods/${name}`;
  const bound = await s.json(
    `${base}/binding`,
    jsonBody("POST", {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name },
      target: { kind: "Node", name: host },
    }),
  );
  if (bound.status >= 300) throw new Error(`binding ${name} failed: ${JSON.stringify(bound.body)}`);
  const pod = (await s.json(base)).body;
  const containers = (pod.spec as { containers: { name: string; image: string }[] }).containers;
  pod.status = {
    phase: "Running",
    hostIP: host,
    podIP,
    startTime: "2026-01-01T00:00:00Z",
    conditions: [{ type: "Ready", status: "True" }],
    containerStatuses: containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: "",
      ready: true,
      restartCount: 0,
      state: { running: { startedAt: "2026-01-01T00:00:00Z" } },
    })),
  };
  const updated = await s.json(`${base}/status`, jsonBody("PUT", pod));
  if (updated.status >= 300) {
    throw new Error(`status of ${name} failed: ${JSON.stringify(updated.body)}`);
  }
}

/** Records an event about `kind/name` (with the object's uid, as describe queries by it). */
export async function recordEvent(
  s: TestApiServer,
  kind: string,
  resource: string,
  name: string,
  reason: string,
  message: string,
  namespace = "default",
): Promise<void> {
  const obj = (await s.json(`/api/v1/namespaces/${namespace}/${resource}/${name}`)).body;
  const uid = (obj.metadata as { uid: string }).uid;
  const ev = {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${name}.${reason.toLowerCase()}` },
    involvedObject: { apiVersion: "v1", kind, name, namespace, uid },
    reason,
    message,
    type: "Normal",
    source: { component: "k8sm-scheduler" },
    count: 1,
    firstTimestamp: new Date().toISOString(),
    lastTimestamp: new Date().toISOString(),
  };
  const r = await s.json(`/api/v1/namespaces/${namespace}/events`, jsonBody("POST", ev));
  if (r.status >= 300) throw new Error(`event for ${name} failed: ${JSON.stringify(r.body)}`);
}

/** Writes `files` (name → text) into a new temp dir and returns its path. */
export async function manifestDir(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-cmd-" });
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return dir;
}

/** A v1 pod, rc and service as YAML documents (the project's nginx example, in v1). */
export const WEB_MANIFESTS = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels: {name: foo}
spec:
  containers:
  - name: nginx-01
    image: dockerfile/nginx
    ports: [{containerPort: 80, hostPort: 31000}]
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx-controller
spec:
  replicas: 2
  selector: {name: nginx}
  template:
    metadata: {labels: {name: nginx}}
    spec:
      containers: [{name: nginx, image: dockerfile/nginx}]
`;
