/** kube-apiserver's RBAC validation, checked through the API: 422s with the field paths. */
import assert from "node:assert/strict";
import { jsonBody, startTestApiServer, type TestApiServer } from "../../../_helpers/apiserver.ts";

const RBAC = "/apis/rbac.authorization.k8s.io/v1";
type Cause = { field: string; message: string };

async function causes(t: TestApiServer, path: string, body: unknown, method = "POST") {
  const res = await t.json(path, jsonBody(method, body));
  assert.equal(res.status, 422, JSON.stringify(res.body));
  return (res.body.details as { causes: Cause[] }).causes.map((c) => c.field);
}

Deno.test("roles: verbs required, nonResourceURLs only in ClusterRoles", async () => {
  const t = await startTestApiServer();
  try {
    const roles = `${RBAC}/namespaces/default/roles`;
    assert.deepEqual(
      await causes(t, roles, { metadata: { name: "r" }, rules: [{ resources: ["pods"] }] }),
      ["rules[0].verbs", "rules[0].apiGroups"],
    );
    assert.deepEqual(
      await causes(t, roles, {
        metadata: { name: "r" },
        rules: [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }],
      }),
      ["rules[0].nonResourceURLs"],
    );
    const ok = await t.json(
      `${RBAC}/clusterroles`,
      jsonBody("POST", {
        metadata: { name: "hz" },
        rules: [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }],
      }),
    );
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  } finally {
    await t.stop();
  }
});

Deno.test("bindings: roleRef required, of a supported kind, immutable; subjects checked", async () => {
  const t = await startTestApiServer();
  try {
    const rbs = `${RBAC}/namespaces/default/rolebindings`;
    assert.deepEqual(await causes(t, rbs, { metadata: { name: "b" } }), ["roleRef"]);
    assert.deepEqual(
      await causes(t, `${RBAC}/clusterrolebindings`, {
        metadata: { name: "b" },
        roleRef: { kind: "Role", name: "r" },
      }),
      ["roleRef.kind"],
    );
    assert.deepEqual(
      await causes(t, rbs, {
        metadata: { name: "b" },
        roleRef: { kind: "Role", name: "r" },
        subjects: [{ kind: "Robot", name: "x" }, { kind: "ServiceAccount", name: "" }],
      }),
      ["subjects[0].kind", "subjects[1].name"],
    );
    const created = await t.json(
      rbs,
      jsonBody("POST", {
        metadata: { name: "b" },
        roleRef: { kind: "Role", name: "r" },
        subjects: [{ kind: "User", name: "alice" }],
      }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.roleRef, {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "Role",
      name: "r",
    });
    assert.equal(
      (created.body.subjects as { apiGroup: string }[])[0].apiGroup,
      "rbac.authorization.k8s.io",
    );
    const changed = await t.json(
      `${rbs}/b`,
      jsonBody("PATCH", { roleRef: { name: "other" } }, "application/merge-patch+json"),
    );
    assert.equal(changed.status, 422);
    assert.match(String(changed.body.message), /roleRef: Invalid value: .*cannot change roleRef/);
  } finally {
    await t.stop();
  }
});

Deno.test("strict field validation reports a misspelt top-level field of a Role", async () => {
  const t = await startTestApiServer();
  try {
    const res = await t.json(
      `${RBAC}/namespaces/default/roles?fieldValidation=Strict`,
      jsonBody("POST", { metadata: { name: "r", labelz: {} }, rule: [] }),
    );
    assert.equal(res.status, 400);
    assert.match(
      String(res.body.message),
      /unknown field "metadata\.labelz", unknown field "rule"/,
    );
  } finally {
    await t.stop();
  }
});
