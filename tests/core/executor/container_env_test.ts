import assert from "node:assert/strict";
import { expandVars, resolveContainer } from "../../../core/executor/container_env.ts";
import { RuntimeError } from "../../../core/executor/runtime.ts";
import type { Container, Pod } from "../../../core/api/types/pod.ts";
import type { PodObjectSource } from "../../../core/executor/volumes/pod_object_source.ts";

const pod = (containers: Container[], enableServiceLinks?: boolean): Pod => ({
  metadata: { name: "web", namespace: "prod", uid: "u-1", labels: { app: "shop" } },
  spec: { nodeName: "agent-1", containers, enableServiceLinks },
});
const sandbox = { id: "s", podIP: "10.88.0.9", hostIP: "192.0.2.1" };

Deno.test("expandVars: $(VAR), $$ escapes, unknown names untouched", () => {
  assert.equal(expandVars("a$(X)b $$(X) $(NOPE)", { X: "1" }), "a1b $(X) $(NOPE)");
});

Deno.test("resolveContainer: service vars, downward API, resources, $(VAR) in env and args", async () => {
  const c: Container = {
    name: "main",
    command: ["echo", "$(GREETING)"],
    args: ["$(POD_NAME)@$(NODE)", "$(REDIS_SERVICE_HOST)"],
    resources: { limits: { memory: "64Mi", cpu: "1500m" } },
    env: [
      { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
      { name: "IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
      { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      {
        name: "MEM",
        valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } },
      },
      { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
      { name: "GREETING", value: "hi $(POD_NAME) in $(REDIS_SERVICE_HOST)" },
    ],
  };
  const r = await resolveContainer(pod([c]), c, sandbox, { REDIS_SERVICE_HOST: "10.10.10.7" });
  const env = Object.fromEntries((r.env ?? []).map((e) => [e.name, e.value]));
  assert.equal(r.env?.[0].name, "REDIS_SERVICE_HOST", "service variables come first");
  assert.equal(env.POD_NAME, "web");
  assert.equal(env.NODE, "agent-1");
  assert.equal(env.IP, "10.88.0.9");
  assert.equal(env.APP, "shop");
  assert.equal(env.MEM, "64");
  assert.equal(env.CPU, "2");
  assert.equal(env.GREETING, "hi web in 10.10.10.7");
  assert.deepEqual(r.command, ["echo", "hi web in 10.10.10.7"]);
  assert.deepEqual(r.args, ["web@agent-1", "10.10.10.7"]);
  const noLinks = await resolveContainer(pod([c], false), c, sandbox, { REDIS_SERVICE_HOST: "x" });
  assert.ok(
    !noLinks.env?.some((e) => e.name === "REDIS_SERVICE_HOST"),
    "enableServiceLinks: false",
  );
});

/** A source holding ConfigMap prod/conf and Secret prod/creds. */
const source: PodObjectSource = {
  configMap: (ns, name) =>
    Promise.resolve(
      ns === "prod" && name === "conf"
        ? { metadata: { name }, data: { color: "blue", "bad-name": "x", size: "3" } }
        : undefined,
    ),
  secret: (ns, name) =>
    Promise.resolve(
      ns === "prod" && name === "creds"
        ? { metadata: { name }, data: { password: btoa("s3cret") } }
        : undefined,
    ),
  serviceAccount: () => Promise.resolve(undefined),
  token: () => Promise.reject(new Error("no tokens here")),
  caPem: () => undefined,
  apiServer: () => ({ host: "192.0.2.10", port: "6443" }),
};

Deno.test("resolveContainer: configMapKeyRef, secretKeyRef, envFrom with prefix, API server vars", async () => {
  const c: Container = {
    name: "main",
    args: ["$(CFG_color)", "$(PW)"],
    envFrom: [{ configMapRef: { name: "conf" }, prefix: "CFG_" }, { secretRef: { name: "creds" } }],
    env: [
      { name: "COLOR", valueFrom: { configMapKeyRef: { name: "conf", key: "color" } } },
      { name: "PW", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } },
    ],
  };
  const r = await resolveContainer(pod([c]), c, sandbox, {}, source);
  const env = Object.fromEntries((r.env ?? []).map((e) => [e.name, e.value]));
  assert.deepEqual(env, {
    KUBERNETES_SERVICE_HOST: "192.0.2.10",
    KUBERNETES_SERVICE_PORT: "6443",
    CFG_color: "blue",
    "CFG_bad-name": "x",
    CFG_size: "3",
    password: "s3cret",
    COLOR: "blue",
    PW: "s3cret",
  });
  assert.deepEqual(r.args, ["blue", "s3cret"]);
});

Deno.test("resolveContainer: a missing object or key is a CreateContainerConfigError naming it", async () => {
  const cases: [Container["env"], Container["envFrom"], string][] = [
    [
      [{ name: "A", valueFrom: { configMapKeyRef: { name: "nope", key: "k" } } }],
      undefined,
      'configmap "nope" not found',
    ],
    [
      [{ name: "A", valueFrom: { configMapKeyRef: { name: "conf", key: "k" } } }],
      undefined,
      "couldn't find key k in ConfigMap prod/conf",
    ],
    [
      [{ name: "A", valueFrom: { secretKeyRef: { name: "creds", key: "user" } } }],
      undefined,
      "couldn't find key user in Secret prod/creds",
    ],
    [undefined, [{ secretRef: { name: "gone" } }], 'secret "gone" not found'],
  ];
  for (const [env, envFrom, message] of cases) {
    const c: Container = { name: "main", env, envFrom };
    await assert.rejects(
      () => resolveContainer(pod([c]), c, sandbox, {}, source),
      (e) =>
        e instanceof RuntimeError && e.reason === "CreateContainerConfigError" &&
        e.message === message,
      message,
    );
  }
  const optional: Container = {
    name: "main",
    env: [{ name: "PW", valueFrom: { configMapKeyRef: { name: "s", key: "pw", optional: true } } }],
    envFrom: [{ secretRef: { name: "gone", optional: true } }],
  };
  const r = await resolveContainer(pod([optional]), optional, sandbox, {}, source);
  assert.equal(r.env?.some((e) => e.name === "PW"), false);
});
