/**
 * Acceptance: the seed README's flow. `curl -L $KUBERNETES_MASTER/api/v1beta1/pods -XPOST -d @pod-nginx.json`
 * with the real curl, then `k8sm list pods` (KUBERNETES_MASTER set) shows the seed's row.
 */
import assert from "node:assert/strict";
import { startTestApiServer } from "../_helpers/apiserver.ts";
import { runK8sm } from "./cli_runner.ts";
import { makeRunning, manifestDir } from "./cluster_state.ts";
import { requires } from "../_helpers/requirements.ts";

/** The seed README's examples/pod-nginx.json. */
const SEED_POD = {
  id: "nginx-id-01",
  kind: "Pod",
  apiVersion: "v1beta1",
  desiredState: {
    manifest: {
      version: "v1beta1",
      id: "nginx-id-01",
      containers: [{
        name: "nginx-01",
        image: "dockerfile/nginx",
        ports: [{ containerPort: 80, hostPort: 31000, protocol: "TCP" }],
        livenessProbe: {
          type: "http",
          httpGet: { path: "/index.html", port: "8081" },
          initialDelaySeconds: 30,
        },
      }],
      restartPolicy: { always: {} },
    },
  },
  labels: { name: "foo" },
};

Deno.test({
  name: "seed flow: curl POST to /api/v1beta1/pods, then k8sm list pods shows the seed's row",
  ...requires("curl"),
}, async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "pod-nginx.json": JSON.stringify(SEED_POD, null, 2) });
  try {
    const curl = await new Deno.Command("curl", {
      args: ["-sS", "-L", `${s.url}/api/v1beta1/pods`, "-XPOST", "-d", `@${dir}/pod-nginx.json`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const answer = new TextDecoder().decode(curl.stdout);
    assert.equal(curl.code, 0, new TextDecoder().decode(curl.stderr));
    assert.equal(JSON.parse(answer).id, "nginx-id-01", answer);

    const env = { KUBERNETES_MASTER: s.url };
    const pending = await runK8sm(["list", "pods"], env);
    assert.equal(pending.code, 0, pending.stderr);
    assert.equal(
      pending.stdout.split("\n")[2],
      "nginx-id-01         dockerfile/nginx    <unassigned>        name=foo            Pending",
    );

    await makeRunning(s, "nginx-id-01", "10.132.189.242");
    const running = await runK8sm(["list", "pods"], env);
    assert.equal(
      running.stdout,
      [
        "ID                  Image(s)            Host                            Labels              Status",
        "----------          ----------          ----------                      ----------          ----------",
        "nginx-id-01         dockerfile/nginx    10.132.189.242/10.132.189.242   name=foo            Running",
        "",
      ].join("\n"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});

/** The seed's examples/service-nginx.json. */
const SEED_SERVICE = {
  id: "nginx-service",
  kind: "Service",
  apiVersion: "v1beta1",
  port: 8000,
  containerPort: 80,
  selector: { name: "nginx" },
  labels: { name: "nginx" },
};

/** The seed README's examples/controller-nginx.json. */
const SEED_RC = {
  id: "nginxController",
  kind: "ReplicationController",
  apiVersion: "v1beta1",
  desiredState: {
    replicas: 2,
    replicaSelector: { name: "nginx" },
    podTemplate: {
      desiredState: {
        manifest: {
          version: "v1beta1",
          id: "",
          containers: [{
            name: "nginx",
            image: "dockerfile/nginx",
            ports: [{ hostPort: 31001, containerPort: 80, protocol: "TCP" }],
          }],
          restartPolicy: { always: {} },
        },
      },
      labels: { name: "nginx" },
    },
  },
  labels: { name: "nginx" },
};

Deno.test("seed flow: k8sm -c FILE create for v1beta1 pods, replicationControllers and services, then list", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({
    "pod-nginx.json": JSON.stringify(SEED_POD),
    "controller-nginx.json": JSON.stringify(SEED_RC),
    "service-nginx.json": JSON.stringify(SEED_SERVICE),
  });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    const pod = await runK8sm(["-c", `${dir}/pod-nginx.json`, "create", "pods"], env);
    assert.equal(pod.stderr, "");
    assert.equal(pod.stdout, "pod/nginx-id-01 created\n");
    const rc = await runK8sm([
      "-c",
      `${dir}/controller-nginx.json`,
      "create",
      "replicationControllers",
    ], env);
    assert.equal(rc.stderr, "");
    assert.equal(rc.stdout, "replicationcontroller/nginxController created\n");
    const list = await runK8sm(["list", "replicationControllers"], env);
    assert.equal(
      list.stdout,
      [
        "ID                  Image(s)            Selector            Replicas",
        "----------          ----------          ----------          ----------",
        "nginxController     dockerfile/nginx    name=nginx          2",
        "",
      ].join("\n"),
    );
    const svc = await runK8sm(["-c", `${dir}/service-nginx.json`, "create", "services"], env);
    assert.equal(svc.stderr, "");
    assert.equal(svc.stdout, "service/nginx-service created\n");
    const services = await runK8sm(["list", "services"], env);
    assert.equal(
      services.stdout.split("\n")[2],
      "nginx-service       name=nginx          name=nginx          8000",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});
