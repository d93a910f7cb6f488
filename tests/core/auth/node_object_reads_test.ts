import assert from "node:assert/strict";
import type { Pod } from "../../../core/api/types/pod.ts";
import { nodeObjectReadRefusal, podReferences } from "../../../core/auth/node_object_reads.ts";
import type { AuthorizationAttributes } from "../../../core/auth/rbac_rules.ts";

const agent1 = { name: "system:node:agent-1", uid: "", groups: ["system:nodes"] };
const alice = { name: "alice", uid: "", groups: ["system:authenticated"] };

const attrs = (a: Partial<AuthorizationAttributes>): AuthorizationAttributes => ({
  user: agent1,
  verb: "get",
  isResourceRequest: true,
  apiGroup: "",
  resource: "secrets",
  namespace: "dev",
  name: "db",
  ...a,
});

const web: Pod = {
  kind: "Pod",
  metadata: { name: "web", namespace: "dev" },
  spec: {
    nodeName: "agent-1",
    serviceAccountName: "builder",
    imagePullSecrets: [{ name: "regcred" }],
    volumes: [
      { name: "s", secret: { secretName: "db" } },
      { name: "p", projected: { sources: [{ configMap: { name: "proj-cm" } }] } },
    ],
    containers: [{
      name: "main",
      env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "env-cm", key: "a" } } }],
      envFrom: [{ secretRef: { name: "env-secret" } }],
    }],
  },
};

/** Pods of agent-1 in dev: web; every other node and namespace has none. */
const podsOn = (ns: string, node: string) =>
  Promise.resolve(ns === "dev" && node === "agent-1" ? [web] : []);

Deno.test("node graph: a pod's references through volumes, env, envFrom, pull secrets and SA", () => {
  const refs = podReferences(web);
  assert.deepEqual([...refs.secrets].sort(), ["db", "env-secret", "regcred"]);
  assert.deepEqual([...refs.configmaps].sort(), ["env-cm", "proj-cm"]);
  assert.deepEqual([...refs.serviceaccounts], ["builder"]);
});

Deno.test("node graph: a node may get what its pods use and request their SA's token", async () => {
  for (
    const a of [
      attrs({}),
      attrs({ resource: "configmaps", name: "env-cm" }),
      attrs({ resource: "serviceaccounts", name: "builder" }),
      attrs({ resource: "serviceaccounts", name: "builder", subresource: "token", verb: "create" }),
    ]
  ) assert.equal(await nodeObjectReadRefusal(a, podsOn), undefined, `${a.resource} ${a.name}`);
});

Deno.test("node graph: other objects, namespaces, lists and other nodes' pods are refused", async () => {
  const refused = [
    attrs({ name: "other" }),
    attrs({ namespace: "prod" }),
    attrs({ verb: "list", name: "" }),
    attrs({ verb: "watch", name: "" }),
    attrs({ resource: "serviceaccounts", name: "default", subresource: "token", verb: "create" }),
    attrs({ user: { ...agent1, name: "system:node:agent-2" } }),
  ];
  for (const a of refused) {
    assert.ok(await nodeObjectReadRefusal(a, podsOn), `${a.verb} ${a.namespace}/${a.name}`);
  }
  assert.equal(
    await nodeObjectReadRefusal(attrs({ name: "other" }), podsOn),
    'no relationship found between node "agent-1" and this object',
  );
});

Deno.test("node graph: users that are not nodes are left to RBAC", async () => {
  assert.equal(await nodeObjectReadRefusal(attrs({ user: alice, name: "x" }), podsOn), undefined);
});
