import assert from "node:assert/strict";
import type { KubeObject } from "../../../core/api/object.ts";
import { admitNodeRequest } from "../../../core/auth/node_restriction.ts";
import type { AuthorizationAttributes } from "../../../core/auth/rbac_rules.ts";

const agent1 = {
  name: "system:node:agent-1",
  uid: "",
  groups: ["system:nodes", "system:authenticated"],
};
const alice = { name: "alice", uid: "", groups: ["system:authenticated"] };

const attrs = (a: Partial<AuthorizationAttributes>): AuthorizationAttributes => ({
  user: agent1,
  verb: "patch",
  isResourceRequest: true,
  apiGroup: "",
  resource: "nodes",
  namespace: "",
  name: "agent-1",
  ...a,
});

function node(name: string, extra: Record<string, unknown> = {}, labels = {}): KubeObject {
  return {
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
    status: { addresses: [{ type: "InternalIP", address: "10.0.0.1" }] },
    ...extra,
  };
}

function pod(nodeName: string, annotations?: Record<string, string>): KubeObject {
  return {
    kind: "Pod",
    metadata: { name: "web", namespace: "dev", annotations },
    spec: { nodeName },
  };
}

Deno.test("node restriction: an executor may patch its own Node's status (kubelet port)", () => {
  const old = node("agent-1");
  const updated = {
    ...old,
    status: { ...(old.status as object), daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } },
  };
  assert.equal(admitNodeRequest(agent1, attrs({ subresource: "status" }), old, updated), undefined);
});

Deno.test("node restriction: an executor may not write, create or delete another Node", () => {
  const other = node("agent-2");
  assert.equal(
    admitNodeRequest(agent1, attrs({ name: "agent-2", subresource: "status" }), other, other),
    'node "agent-1" is not allowed to modify node "agent-2"',
  );
  assert.equal(
    admitNodeRequest(agent1, attrs({ verb: "create", name: "" }), undefined, {
      metadata: { name: "agent-2" },
    }),
    'node "agent-1" is not allowed to modify node "agent-2"',
  );
  assert.equal(
    admitNodeRequest(agent1, attrs({ verb: "delete", name: "agent-2" }), other, undefined),
    'node "agent-1" is not allowed to modify node "agent-2"',
  );
  assert.equal(
    admitNodeRequest(agent1, attrs({ verb: "delete" }), node("agent-1"), undefined),
    undefined,
  );
});

Deno.test("node restriction: an executor may not change its Node's addresses (SSRF guard)", () => {
  const old = node("agent-1");
  const moved = {
    ...old,
    status: { addresses: [{ type: "InternalIP", address: "169.254.169.254" }] },
  };
  assert.match(
    admitNodeRequest(agent1, attrs({ subresource: "status" }), old, moved) ?? "",
    /not allowed to modify status\.addresses/,
  );
  assert.match(
    admitNodeRequest(agent1, attrs({ verb: "create", name: "" }), undefined, moved) ?? "",
    /not allowed to set status\.addresses/,
  );
});

Deno.test("node restriction: labels the scheduler or Kubernetes owns, and taints, are off limits", () => {
  const old = node("agent-1", {}, { "k8s.mesosphere.io/attribute-rack": "r1" });
  const relabel = (labels: Record<string, string>) => ({
    ...old,
    metadata: { ...old.metadata, labels: { ...old.metadata.labels, ...labels } },
  });
  assert.equal(
    admitNodeRequest(agent1, attrs({}), old, relabel({ "k8s.mesosphere.io/attribute-rack": "r2" })),
    'node "agent-1" is not allowed to modify labels: k8s.mesosphere.io/attribute-rack',
  );
  assert.equal(
    admitNodeRequest(
      agent1,
      attrs({}),
      old,
      relabel({ "node-restriction.kubernetes.io/pci": "yes" }),
    ),
    'node "agent-1" is not allowed to modify labels: node-restriction.kubernetes.io/pci',
  );
  assert.equal(
    admitNodeRequest(agent1, attrs({}), old, relabel({ "topology.kubernetes.io/zone": "z" })),
    undefined,
  );
  assert.equal(admitNodeRequest(agent1, attrs({}), old, relabel({ "team": "a" })), undefined);
  assert.equal(
    admitNodeRequest(agent1, attrs({}), old, { ...old, spec: { taints: [] } }),
    undefined,
    "absent and empty taints are the same: nothing was tainted",
  );
  assert.equal(
    admitNodeRequest(agent1, attrs({}), old, {
      ...old,
      spec: { taints: [{ key: "k", effect: "NoSchedule" }] },
    }),
    'node "agent-1" is not allowed to modify taints',
  );
});

Deno.test("node restriction: pod status only for pods bound to the executor", () => {
  const a = attrs({ resource: "pods", namespace: "dev", name: "web", subresource: "status" });
  assert.equal(admitNodeRequest(agent1, a, pod("agent-1"), pod("agent-1")), undefined);
  assert.equal(
    admitNodeRequest(agent1, a, pod("agent-2"), pod("agent-2")),
    'node "agent-1" can only update pod status for pods with spec.nodeName set to itself',
  );
});

Deno.test("node restriction: pod deletion only when bound; creation only of own mirror pods", () => {
  const del = attrs({ verb: "delete", resource: "pods", namespace: "dev", name: "web" });
  assert.equal(admitNodeRequest(agent1, del, pod("agent-1"), undefined), undefined);
  assert.equal(
    admitNodeRequest(agent1, del, pod("agent-2"), undefined),
    'node "agent-1" can only delete pods with spec.nodeName set to itself',
  );
  const create = attrs({ verb: "create", resource: "pods", namespace: "dev", name: "" });
  assert.match(
    admitNodeRequest(agent1, create, undefined, pod("agent-1")) ?? "",
    /can only create mirror pods/,
  );
  const mirror = { "kubernetes.io/config.mirror": "x" };
  assert.equal(admitNodeRequest(agent1, create, undefined, pod("agent-1", mirror)), undefined);
  assert.match(
    admitNodeRequest(agent1, create, undefined, pod("agent-2", mirror)) ?? "",
    /spec\.nodeName set to itself/,
  );
  assert.match(
    admitNodeRequest(
      agent1,
      attrs({ verb: "update", resource: "pods", namespace: "dev", name: "web" }),
      pod("agent-1"),
      pod("agent-1"),
    ) ?? "",
    /unexpected operation update/,
  );
});

Deno.test("node restriction: node Leases only in kube-node-lease and named after the node", () => {
  const lease = (ns: string, name: string) =>
    attrs({ apiGroup: "coordination.k8s.io", resource: "leases", namespace: ns, name });
  assert.equal(
    admitNodeRequest(agent1, lease("kube-node-lease", "agent-1"), undefined, undefined),
    undefined,
  );
  assert.match(
    admitNodeRequest(agent1, lease("kube-node-lease", "agent-2"), undefined, undefined) ?? "",
    /same name/,
  );
  assert.match(
    admitNodeRequest(agent1, lease("default", "agent-1"), undefined, undefined) ?? "",
    /kube-node-lease/,
  );
});

Deno.test("node restriction: reads and other users pass; a malformed node user is refused", () => {
  assert.equal(
    admitNodeRequest(agent1, attrs({ verb: "get", name: "agent-2" }), node("agent-2"), undefined),
    undefined,
  );
  assert.equal(
    admitNodeRequest(alice, attrs({ name: "agent-2" }), node("agent-2"), node("agent-2")),
    undefined,
  );
  const bad = { name: "mallory", uid: "", groups: ["system:nodes"] };
  assert.equal(
    admitNodeRequest(bad, attrs({}), node("agent-1"), node("agent-1")),
    'could not determine node from user "mallory"',
  );
});
