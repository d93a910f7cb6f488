import assert from "node:assert/strict";
import { jsonBody, startTestApiServer, testPod } from "../../../_helpers/apiserver.ts";

const APPLY = "application/apply-patch+yaml";
const SVC = "/api/v1/namespaces/default/services/web";

const svcYaml = (label: string, ports: string) =>
  `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: ${label}}
spec:
  selector: {app: web}
  ports:
${ports}`;

const P80 = "  - {name: http, port: 80}\n";
const P443 = "  - {name: https, port: 443}\n";

type Managed = { manager: string; operation: string; fieldsV1: Record<string, unknown> }[];

Deno.test("server-side apply over HTTP: create, re-apply, conflict, force, errors", async () => {
  const t = await startTestApiServer("memory");
  try {
    const apply = (body: string, query = "fieldManager=kubectl&fieldValidation=Strict") =>
      t.json(`${SVC}?${query}`, jsonBody("PATCH", body, APPLY));

    const created = await apply(svcYaml("web", P80 + P443));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const again = await apply(svcYaml("web", P80));
    assert.equal(again.status, 200);
    const spec = again.body.spec as { ports: { port: number }[]; clusterIP: string };
    assert.deepEqual(spec.ports.map((p) => p.port), [80], "the port no longer applied is removed");
    assert.ok(spec.clusterIP, "server-set fields survive");

    const label = await t.json(
      `${SVC}?fieldManager=kubectl-label`,
      jsonBody(
        "PATCH",
        { metadata: { labels: { app: "changed" } } },
        "application/merge-patch+json",
      ),
    );
    assert.equal(label.status, 200);
    const managers = (label.body.metadata as { managedFields: Managed }).managedFields;
    assert.deepEqual(managers.map((m) => `${m.manager}/${m.operation}`), [
      "kubectl/Apply",
      "kubectl-label/Update",
    ]);

    const conflict = await apply(svcYaml("web", P80));
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.reason, "Conflict");
    assert.deepEqual((conflict.body.details as { causes: unknown[] }).causes, [{
      reason: "FieldManagerConflict",
      message: 'conflict with "kubectl-label" using v1',
      field: ".metadata.labels.app",
    }]);
    const forced = await apply(svcYaml("web", P80), "fieldManager=kubectl&force=true");
    assert.equal(forced.status, 200);
    assert.deepEqual((forced.body.metadata as { labels: unknown }).labels, { app: "web" });

    const json = await t.json(
      `${SVC}?fieldManager=other`,
      jsonBody("PATCH", {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web", annotations: { a: "b" } },
      }, APPLY),
    );
    assert.equal(json.status, 200, "a JSON body is YAML too");

    const noManager = await apply(svcYaml("web", P80), "");
    assert.equal(noManager.status, 400);
    assert.match(String(noManager.body.message), /fieldManager/);
    const unknown = await apply(
      svcYaml("web", P80).replace("  selector:", "  selectorx: 1\n  selector:"),
    );
    assert.equal(unknown.status, 400);
    assert.match(
      String(unknown.body.message),
      /strict decoding error: unknown field "spec\.selectorx"/,
    );
    const wrongKind = await apply(svcYaml("web", P80).replace("kind: Service", "kind: Pod"));
    assert.equal(wrongKind.status, 400);
  } finally {
    await t.stop();
  }
});

Deno.test("writes record their Update manager; patches honour fieldValidation", async () => {
  const t = await startTestApiServer("memory");
  try {
    const created = await t.json(
      "/api/v1/namespaces/default/pods?fieldManager=kubectl-create",
      jsonBody("POST", testPod("p", { app: "p" })),
    );
    assert.equal(created.status, 201);
    const m = (created.body.metadata as { managedFields: Managed }).managedFields;
    assert.deepEqual(m.map((e) => `${e.manager}/${e.operation}`), ["kubectl-create/Update"]);
    assert.ok(JSON.stringify(m[0].fieldsV1).includes('"k:{\\"name\\":\\"main\\"}"'));

    const strict = await t.json(
      "/api/v1/namespaces/default/pods/p?fieldValidation=Strict",
      jsonBody("PATCH", { spec: { bogus: 1 } }, "application/merge-patch+json"),
    );
    assert.equal(strict.status, 400);
    assert.match(String(strict.body.message), /unknown field "spec\.bogus"/);

    const warn = await t.fetch(
      "/api/v1/namespaces/default/pods/p?fieldValidation=Warn",
      jsonBody(
        "PATCH",
        { metadata: { labels: { x: "y" } }, bogus: 1 },
        "application/merge-patch+json",
      ),
    );
    assert.equal(warn.status, 200);
    assert.equal(warn.headers.get("warning"), '299 - "unknown field \\"bogus\\""');
    await warn.body?.cancel();
  } finally {
    await t.stop();
  }
});

Deno.test("a server-side dry-run create answers 201 with the object and stores nothing", async () => {
  const t = await startTestApiServer("memory");
  try {
    const r = await t.json(
      "/api/v1/namespaces/default/pods?dryRun=All&fieldManager=kubectl",
      jsonBody("POST", testPod("dry")),
    );
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal((r.body.metadata as { name: string }).name, "dry");
    const get = await t.fetch("/api/v1/namespaces/default/pods/dry");
    assert.equal(get.status, 404);
    await get.body?.cancel();
  } finally {
    await t.stop();
  }
});
