import assert from "node:assert/strict";
import { expandVars, resolveContainer } from "../../../core/executor/container_env.ts";
import { RuntimeError } from "../../../core/executor/runtime.ts";
import type { Container, Pod } from "../../../core/api/types/pod.ts";

const pod = (containers: Container[], enableServiceLinks?: boolean): Pod => ({
  metadata: { name: "web", namespace: "prod", uid: "u-1", labels: { app: "shop" } },
  spec: { nodeName: "agent-1", containers, enableServiceLinks },
});
const sandbox = { id: "s", podIP: "10.88.0.9", hostIP: "192.0.2.1" };

Deno.test("expandVars: $(VAR), $$ escapes, unknown names untouched", () => {
  assert.equal(expandVars("a$(X)b $$(X) $(NOPE)", { X: "1" }), "a1b $(X) $(NOPE)");
});

Deno.test("resolveContainer: service vars, downward API, resources, $(VAR) in env and args", () => {
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
  const r = resolveContainer(pod([c]), c, sandbox, { REDIS_SERVICE_HOST: "10.10.10.7" });
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
  const noLinks = resolveContainer(pod([c], false), c, sandbox, { REDIS_SERVICE_HOST: "x" });
  assert.ok(
    !noLinks.env?.some((e) => e.name === "REDIS_SERVICE_HOST"),
    "enableServiceLinks: false",
  );
});

Deno.test("resolveContainer: Secrets and ConfigMaps are a CreateContainerConfigError", () => {
  const c: Container = {
    name: "main",
    env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "s", key: "pw" } } }],
  };
  assert.throws(
    () => resolveContainer(pod([c]), c, sandbox, {}),
    (e) =>
      e instanceof RuntimeError && e.reason === "CreateContainerConfigError" &&
      /secretKeyRef/.test(e.message),
  );
  const optional: Container = {
    name: "main",
    env: [{ name: "PW", valueFrom: { configMapKeyRef: { name: "s", key: "pw", optional: true } } }],
  };
  assert.deepEqual(resolveContainer(pod([optional]), optional, sandbox, {}).env, []);
});
