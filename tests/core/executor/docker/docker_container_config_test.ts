import assert from "node:assert/strict";
import {
  containerCreateRequest,
  dockerContainerName,
  podDomainname,
  podHostname,
  sandboxCreateRequest,
} from "../../../../core/executor/docker/docker_container_config.ts";
import { LABELS } from "../../../../core/executor/runtime.ts";
import type { RuntimePod } from "../../../../core/executor/pod_shape.ts";

const id = { uid: "u-1", name: "web", namespace: "prod" };
const pod: RuntimePod = {
  metadata: { ...id },
  spec: {
    containers: [
      {
        name: "app",
        image: "nginx:1.27",
        ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, protocol: "UDP" }],
      },
      { name: "side", image: "busybox", ports: [{ containerPort: 9000 }] },
    ],
  },
};

Deno.test("sandboxCreateRequest publishes declared and mapped host ports", () => {
  const req = sandboxCreateRequest(pod, id, { taskId: "t1", hostPorts: { "9000": 31000 } }, {
    image: "pause:3.9",
    command: ["sleep", "2147483647"],
  }, { extra: "1" });
  assert.equal(req.name, "k8s_POD_web_prod_u-1_0");
  assert.equal(req.body.Image, "pause:3.9");
  assert.deepEqual(req.body.Entrypoint, ["sleep"]);
  assert.deepEqual(req.body.Cmd, ["2147483647"]);
  assert.deepEqual(req.body.ExposedPorts, { "80/tcp": {}, "9000/tcp": {} });
  assert.deepEqual((req.body.HostConfig as Record<string, unknown>).PortBindings, {
    "80/tcp": [{ HostIp: "", HostPort: "8080" }],
    "9000/tcp": [{ HostIp: "", HostPort: "31000" }],
  });
  const labels = req.body.Labels as Record<string, string>;
  assert.equal(labels[LABELS.podUid], "u-1");
  assert.equal(labels[LABELS.role], "sandbox");
  assert.equal(labels[LABELS.taskId], "t1");
  assert.equal(labels.extra, "1");
});

Deno.test("containerCreateRequest: command→Entrypoint, args→Cmd, env, limits, namespaces", () => {
  const req = containerCreateRequest(
    id,
    {
      name: "app",
      image: "nginx:1.27",
      command: ["/bin/run"],
      env: [{ name: "B", value: "2" }, { name: "C" }],
      workingDir: "/srv",
      resources: { limits: { cpu: "500m", memory: "64Mi" }, requests: { cpu: "250m" } },
    },
    "sandbox-id",
    { attempt: 2, env: { A: "1", B: "overridden" } },
    {},
  );
  assert.equal(req.name, dockerContainerName(id, "app", 2));
  assert.deepEqual(req.body.Entrypoint, ["/bin/run"]);
  assert.deepEqual(req.body.Cmd, [], "a command without args drops the image's CMD");
  assert.deepEqual(req.body.Env, ["A=1", "B=2", "C="]);
  assert.equal(req.body.WorkingDir, "/srv");
  const hc = req.body.HostConfig as Record<string, unknown>;
  assert.equal(hc.NetworkMode, "container:sandbox-id");
  assert.equal(hc.Memory, 64 * 1024 * 1024);
  assert.equal(hc.NanoCpus, 500_000_000);
  assert.equal(hc.CpuShares, 256);
  assert.equal((req.body.Labels as Record<string, string>)[LABELS.attempt], "2");

  const argsOnly = containerCreateRequest(id, { name: "a", image: "x", args: ["-v"] }, "s", {}, {});
  assert.equal(argsOnly.body.Entrypoint, undefined, "args alone keep the image's entrypoint");
  assert.deepEqual(argsOnly.body.Cmd, ["-v"]);
  const neither = containerCreateRequest(id, { name: "a", image: "x" }, "s", {}, {});
  assert.equal(neither.body.Cmd, undefined);
});

Deno.test("spec.hostname and spec.subdomain set Hostname and Domainname of sandbox and containers", () => {
  const named: RuntimePod = { ...pod, spec: { ...pod.spec!, hostname: "db-0", subdomain: "db" } };
  const infra = { image: "pause:3.9" };
  const sandbox = sandboxCreateRequest(named, id, { taskId: "t1" }, infra, {});
  assert.equal(sandbox.body.Hostname, "db-0");
  assert.equal(sandbox.body.Domainname, "db.prod.svc.cluster.local");
  const plain = sandboxCreateRequest(pod, id, { taskId: "t1" }, infra, {});
  assert.equal(plain.body.Hostname, "web");
  assert.equal(plain.body.Domainname, undefined);
  const app = containerCreateRequest(
    id,
    { name: "app", image: "busybox" },
    "sandbox-id",
    {},
    {},
    podHostname(id, named.spec),
    podDomainname(id, named.spec),
  );
  assert.equal(app.body.Hostname, "db-0");
  assert.equal(app.body.Domainname, "db.prod.svc.cluster.local");
});
