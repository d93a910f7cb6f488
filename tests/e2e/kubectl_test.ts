/**
 * Acceptance 1 of issue 3: the machine's real `kubectl` (1.32, behind the gcloud dispatcher)
 * against a test apiserver: discovery, create, get in every output form, watch, client-side and
 * server-side apply, label/annotate, describe with events, scale, delete (token auth: kubectl_auth_test.ts).
 * Skips loudly when kubectl is not installed.
 */
import assert from "node:assert/strict";
import { jsonBody, startTestApiServer, type TestApiServer } from "../_helpers/apiserver.ts";
import { KubectlRunner } from "./kubectl_runner.ts";
import { requires } from "../_helpers/requirements.ts";

const POD_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: main
    image: nginx
    ports:
    - containerPort: 80
`;

const POD_JSON = JSON.stringify({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "db", labels: { app: "db" } },
  spec: { containers: [{ name: "main", image: "postgres" }] },
});

const rcYaml = (port: number, labels: string) =>
  `apiVersion: v1
kind: ReplicationController
metadata:
  name: front
  labels: {${labels}}
spec:
  replicas: 1
  selector: {app: front}
  template:
    metadata:
      labels: {app: front}
    spec:
      containers:
      - name: main
        image: nginx
        ports:
        - containerPort: ${port}
`;

const SVC_YAML = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
spec:
  selector: {app: web}
  ports:
  - name: http
    port: 80
    targetPort: 8080
`;

type Obj = Record<string, unknown> & {
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
};

async function getObj(t: TestApiServer, path: string): Promise<Obj> {
  const { status, body } = await t.json(path);
  assert.equal(status, 200, `GET ${path}`);
  return body as Obj;
}

Deno.test({
  name:
    "kubectl against k8sm: discovery, create, get, watch, apply, label, describe, scale, delete",
  ...requires("kubectl"),
  async fn(t) {
    const server = await startTestApiServer("memory");
    const k = await KubectlRunner.create(server.url);
    try {
      await t.step("version and api-resources", async () => {
        const version = await k.ok("version");
        assert.match(version, /Server Version: v1\.32\.\d+/);
        const resources = await k.ok("api-resources");
        assert.match(resources, /^pods\s+po\s+v1\s+true\s+Pod$/m);
        assert.match(
          resources,
          /^replicationcontrollers\s+rc\s+v1\s+true\s+ReplicationController$/m,
        );
        assert.match(resources, /^nodes\s+no\s+v1\s+false\s+Node$/m);
        const wide = await k.ok("api-resources", "-o", "wide");
        assert.match(
          wide,
          /^pods\s+po\s+v1\s+true\s+Pod\s+create,delete,deletecollection,get,list,patch,update,watch\s+all$/m,
        );
      });

      await t.step("cluster-info", async () => {
        const out = await k.ok("cluster-info");
        assert.match(out, new RegExp(`Kubernetes control plane.* is running at .*${server.url}`));
      });

      await t.step("create -f YAML and JSON", async () => {
        assert.match(
          await k.ok("create", "-f", await k.file("pod.yaml", POD_YAML)),
          /^pod\/web created$/m,
        );
        assert.match(
          await k.ok("create", "-f", await k.file("db.json", POD_JSON)),
          /^pod\/db created$/m,
        );
        const bad = await k.run(
          "create",
          "-f",
          await k.file(
            "bad.yaml",
            POD_YAML.replace("image: nginx", "image: nginx\n    imagex: 1").replace(
              "name: web",
              "name: bad",
            ),
          ),
        );
        assert.notEqual(bad.code, 0);
        assert.match(
          bad.stderr,
          /strict decoding error: unknown field "spec\.containers\[0\]\.imagex"/,
        );
      });

      await t.step("create namespace and create service (protobuf request bodies)", async () => {
        assert.match(await k.ok("create", "namespace", "team"), /^namespace\/team created$/m);
        assert.match(await k.ok("get", "ns"), /^team\s+Active\s+\S+$/m);
        assert.match(
          await k.ok("create", "service", "nodeport", "np", "--tcp=80:8080"),
          /^service\/np created$/m,
        );
        const np = await getObj(server, "/api/v1/namespaces/default/services/np");
        assert.equal(np.spec.type, "NodePort");
        assert.deepEqual(
          (np.spec.ports as Record<string, unknown>[]).map((
            p,
          ) => [p.port, p.targetPort, p.protocol]),
          [[80, 8080, "TCP"]],
        );
        assert.match(await k.ok("delete", "service", "np"), /service "np" deleted/);
      });

      await t.step("get pods: default, wide, json, yaml, name, -l, -A", async () => {
        const table = await k.ok("get", "pods");
        assert.match(table, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
        assert.match(table, /^web\s+0\/1\s+Pending\s+0\s+\d+s$/m);
        assert.match(table, /^db\s+0\/1\s+Pending/m);
        const wide = await k.ok("get", "pods", "-o", "wide");
        assert.match(
          wide,
          /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/m,
        );
        assert.match(wide, /^web\s+0\/1\s+Pending\s+0\s+\S+\s+<none>\s+<none>\s+<none>\s+<none>$/m);
        const list = JSON.parse(await k.ok("get", "pods", "-o", "json"));
        assert.equal(list.kind, "List");
        assert.deepEqual(list.items.map((p: Obj) => p.metadata.name).sort(), ["db", "web"]);
        const yaml = await k.ok("get", "pods", "-o", "yaml");
        assert.match(yaml, /^kind: List$/m);
        assert.match(yaml, /^ {4}name: web$/m);
        assert.deepEqual((await k.ok("get", "pods", "-o", "name")).trim().split("\n").sort(), [
          "pod/db",
          "pod/web",
        ]);
        const selected = await k.ok("get", "pods", "-l", "app=web", "-o", "name");
        assert.equal(selected.trim(), "pod/web");
        const notWeb = await k.ok("get", "pods", "-l", "app notin (web)", "-o", "name");
        assert.equal(notWeb.trim(), "pod/db");
        const all = await k.ok("get", "pods", "-A", "--show-labels");
        assert.match(all, /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+LABELS$/m);
        assert.match(all, /^default\s+web\s+0\/1\s+Pending\s+0\s+\S+\s+app=web$/m);
        const one = await k.ok("get", "pod", "web");
        assert.match(one, /^web\s+0\/1\s+Pending/m);
      });

      await t.step("get pods -w sees a create and a delete made meanwhile", async () => {
        const watch = k.spawn("get", "pods", "-w", "--output-watch-events");
        try {
          await watch.waitFor(/^EVENT\s+NAME\s+READY/m, "the watch header");
          const created = await server.json(
            "/api/v1/namespaces/default/pods",
            jsonBody("POST", {
              apiVersion: "v1",
              kind: "Pod",
              metadata: { name: "watched" },
              spec: { containers: [{ name: "c", image: "busybox" }] },
            }),
          );
          assert.equal(created.status, 201);
          await watch.waitFor(/^ADDED\s+watched\s/m, "the ADDED row of the new pod");
          const deleted = await server.fetch("/api/v1/namespaces/default/pods/watched", {
            method: "DELETE",
          });
          assert.equal(deleted.status, 200);
          await deleted.body?.cancel();
          await watch.waitFor(/^DELETED\s+watched\s/m, "the DELETED row of the pod");
        } finally {
          await watch.stop();
        }
      });

      await t.step("apply -f, then apply again with a changed port and label", async () => {
        assert.match(
          await k.ok("apply", "-f", await k.file("rc.yaml", rcYaml(8080, "app: front"))),
          /replicationcontroller\/front created/,
        );
        const again = await k.ok(
          "apply",
          "-f",
          await k.file("rc.yaml", rcYaml(9090, "app: front, tier: web")),
        );
        assert.match(again, /replicationcontroller\/front configured/);
        const rc = await getObj(server, "/api/v1/namespaces/default/replicationcontrollers/front");
        assert.deepEqual(rc.metadata.labels, { app: "front", tier: "web" });
        const containers =
          (rc.spec.template as { spec: { containers: { ports: unknown[] }[] } }).spec.containers;
        assert.deepEqual(containers[0].ports, [{ containerPort: 9090, protocol: "TCP" }]);
        const unchanged = await k.ok(
          "apply",
          "-f",
          await k.file("rc.yaml", rcYaml(9090, "app: front, tier: web")),
        );
        assert.match(unchanged, /replicationcontroller\/front unchanged/);
      });

      await t.step("apply --server-side: create, conflict, --force-conflicts", async () => {
        const file = await k.file("svc.yaml", SVC_YAML);
        assert.match(
          await k.ok("apply", "--server-side", "-f", file),
          /service\/web serverside-applied/,
        );
        assert.match(
          await k.ok("label", "svc", "web", "app=changed", "--overwrite"),
          /service\/web labeled/,
        );
        const conflict = await k.run("apply", "--server-side", "-f", file);
        assert.notEqual(conflict.code, 0);
        assert.match(
          conflict.stderr,
          /Apply failed with 1 conflict: conflict with "kubectl-label" using v1: \.metadata\.labels\.app/,
        );
        assert.match(
          await k.ok("apply", "--server-side", "--force-conflicts", "-f", file),
          /serverside-applied/,
        );
        const svc = await getObj(server, "/api/v1/namespaces/default/services/web");
        assert.deepEqual(svc.metadata.labels, { app: "web" });
        const managers = (svc.metadata.managedFields as { manager: string; operation: string }[])
          .map((m) => `${m.manager}/${m.operation}`);
        assert.ok(managers.includes("kubectl/Apply"), managers.join(","));
      });

      await t.step("label and annotate", async () => {
        assert.match(await k.ok("label", "pod", "web", "tier=frontend"), /pod\/web labeled/);
        assert.match(await k.ok("annotate", "pod", "web", "note=hello"), /pod\/web annotated/);
        const pod = await getObj(server, "/api/v1/namespaces/default/pods/web");
        assert.deepEqual(pod.metadata.labels, { app: "web", tier: "frontend" });
        assert.equal((pod.metadata.annotations as Record<string, string>).note, "hello");
        assert.match(await k.ok("label", "pod", "web", "tier-"), /pod\/web unlabeled/);
        const after = await getObj(server, "/api/v1/namespaces/default/pods/web");
        assert.deepEqual(after.metadata.labels, { app: "web" });
      });

      await t.step("describe pod shows its events", async () => {
        const pod = await getObj(server, "/api/v1/namespaces/default/pods/web");
        const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
        const ev = await server.json(
          "/api/v1/namespaces/default/events",
          jsonBody("POST", {
            apiVersion: "v1",
            kind: "Event",
            metadata: { name: "web.scheduled" },
            involvedObject: {
              kind: "Pod",
              name: "web",
              namespace: "default",
              uid: pod.metadata.uid,
              apiVersion: "v1",
            },
            reason: "Scheduled",
            message: "Successfully assigned default/web to agent-1",
            type: "Normal",
            source: { component: "k8sm-scheduler" },
            firstTimestamp: now,
            lastTimestamp: now,
            count: 1,
          }),
        );
        assert.equal(ev.status, 201, JSON.stringify(ev.body));
        const out = await k.ok("describe", "pod", "web");
        assert.match(out, /^Name:\s+web$/m);
        assert.match(out, /^Events:/m);
        assert.match(
          out,
          /Normal\s+Scheduled\s+\S+\s+k8sm-scheduler\s+Successfully assigned default\/web to agent-1/,
        );
        const events = await k.ok("get", "events");
        assert.match(events, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
        assert.match(events, /Normal\s+Scheduled\s+pod\/web\s+Successfully assigned/);
      });

      await t.step("scale rc --replicas=3", async () => {
        assert.match(
          await k.ok("scale", "rc", "front", "--replicas=3"),
          /replicationcontroller\/front scaled/,
        );
        const rc = await getObj(server, "/api/v1/namespaces/default/replicationcontrollers/front");
        assert.equal(rc.spec.replicas, 3);
        const table = await k.ok("get", "rc", "-o", "wide");
        assert.match(
          table,
          /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m,
        );
        assert.match(table, /^front\s+3\s+0\s+0\s+\S+\s+main\s+nginx\s+app=front$/m);
      });

      await t.step("delete pod returns once deleted", async () => {
        assert.match(await k.ok("delete", "pod", "db"), /pod "db" deleted/);
        const gone = await server.fetch("/api/v1/namespaces/default/pods/db");
        assert.equal(gone.status, 404);
        await gone.body?.cancel();
      });

      await t.step("get nodes, get svc,ep, get all", async () => {
        const node = await server.json(
          "/api/v1/nodes",
          jsonBody("POST", {
            apiVersion: "v1",
            kind: "Node",
            metadata: { name: "agent-1", labels: { "kubernetes.io/hostname": "agent-1" } },
          }),
        );
        assert.equal(node.status, 201, JSON.stringify(node.body));
        const nodes = await k.ok("get", "nodes");
        assert.match(nodes, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/m);
        assert.match(nodes, /^agent-1\s+\S+\s+<none>\s+\S+/m);
        const ep = await server.json(
          "/api/v1/namespaces/default/endpoints",
          jsonBody("POST", {
            apiVersion: "v1",
            kind: "Endpoints",
            metadata: { name: "web" },
            subsets: [{ addresses: [{ ip: "10.1.0.5" }], ports: [{ name: "http", port: 8080 }] }],
          }),
        );
        assert.ok(ep.status === 201 || ep.status === 409, JSON.stringify(ep.body));
        const out = await k.ok("get", "svc,ep");
        assert.match(
          out,
          /^service\/web\s+ClusterIP\s+\d+\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+\S+$/m,
        );
        assert.match(out, /^endpoints\/web\s+\S+/m);
        const all = await k.ok("get", "all");
        assert.match(all, /^pod\/web\s/m);
        assert.match(all, /^replicationcontroller\/front\s/m);
        assert.match(all, /^service\/web\s/m);
      });
    } finally {
      await k.cleanup();
      await server.stop();
    }
  },
});
