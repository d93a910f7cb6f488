/**
 * The node authorizer's graph over real HTTPS against a secured apiserver (issue 14 part B): an
 * executor's identity (`system:node:agent-1` in `system:nodes`) gets the Secrets and ConfigMaps
 * and requests the ServiceAccount tokens that pods bound to its node use, and nothing else —
 * not another node's pods' secrets, not a list of secrets; and pods with bad volumes get 422s
 * with kube-apiserver's field paths.
 */
import assert from "node:assert/strict";
import { NODES_GROUP } from "../../core/auth/user_info.ts";
import {
  expectForbidden,
  expectStatus,
  jsonRequest,
  startSecuredApiServer,
} from "../_helpers/secured_apiserver.ts";

const NS = "/api/v1/namespaces/default";

function pod(name: string, nodeName: string, secret: string, sa: string) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      nodeName,
      serviceAccountName: sa,
      volumes: [{ name: "s", secret: { secretName: secret } }],
      containers: [{
        name: "main",
        image: "busybox",
        env: [{ name: "C", valueFrom: { configMapKeyRef: { name: `${name}-cm`, key: "k" } } }],
      }],
    },
  };
}

Deno.test("node graph: an executor reads only what the pods bound to its node use", async () => {
  const api = await startSecuredApiServer();
  try {
    const { admin } = api;
    const create = async (path: string, body: unknown) =>
      await expectStatus(await admin.fetch(path, jsonRequest("POST", body)), 201, `POST ${path}`);
    for (const name of ["db", "other"]) {
      await create(`${NS}/secrets`, { metadata: { name }, stringData: { k: name } });
    }
    for (const name of ["mine-cm", "theirs-cm"]) {
      await create(`${NS}/configmaps`, { metadata: { name }, data: { k: name } });
    }
    await create(`${NS}/serviceaccounts`, { metadata: { name: "builder" } });
    await create(`${NS}/pods`, pod("mine", "agent-1", "db", "builder"));
    await create(`${NS}/pods`, pod("theirs", "agent-2", "other", "default"));
    const node = api.as("system:node:agent-1", [NODES_GROUP]);

    const got = await node.json(`${NS}/secrets/db`);
    assert.equal(got.status, 200, JSON.stringify(got.body));
    assert.equal(atob((got.body.data as Record<string, string>).k), "db");
    assert.equal((await node.json(`${NS}/configmaps/mine-cm`)).status, 200);
    assert.equal((await node.json(`${NS}/serviceaccounts/builder`)).status, 200);
    const token = await node.json(
      `${NS}/serviceaccounts/builder/token`,
      jsonRequest("POST", {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenRequest",
        spec: {},
      }),
    );
    assert.equal(token.status, 201, JSON.stringify(token.body));
    assert.ok((token.body.status as { token?: string }).token);

    await expectForbidden(
      node,
      `${NS}/secrets/other`,
      {},
      'secrets "other" is forbidden: User "system:node:agent-1" cannot get resource "secrets" ' +
        'in API group "" in the namespace "default": no relationship found between node ' +
        '"agent-1" and this object',
    );
    assert.equal((await node.json(`${NS}/configmaps/theirs-cm`)).status, 403);
    assert.equal((await node.json(`${NS}/secrets`)).status, 403, "no list of secrets");
    const foreign = await node.json(
      `${NS}/serviceaccounts/default/token`,
      jsonRequest("POST", {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenRequest",
        spec: {},
      }),
    );
    assert.equal(foreign.status, 403, "not the token of a SA only another node's pod runs as");
  } finally {
    await api.stop();
  }
});

Deno.test("pods with bad volumes get 422 with kube-apiserver's field paths", async () => {
  const api = await startSecuredApiServer();
  try {
    const bad = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "bad" },
      spec: {
        volumes: [{ name: "v", emptyDir: {} }, { name: "v", emptyDir: {} }, {
          name: "w",
          fancyDisk: {},
        }],
        containers: [{
          name: "main",
          image: "busybox",
          volumeMounts: [{ name: "v", mountPath: "data" }, {
            name: "v",
            mountPath: "/x",
            subPath: "../up",
          }],
        }],
      },
    };
    const r = await api.admin.json(`${NS}/pods`, jsonRequest("POST", bad));
    assert.equal(r.status, 422, JSON.stringify(r.body));
    const causes = (r.body.details as { causes: { field: string; message: string }[] }).causes
      .map((c) => `${c.field}: ${c.message}`);
    assert.deepEqual(causes, [
      'spec.volumes[1].name: Duplicate value: "v"',
      "spec.volumes[2]: Required value: must specify a volume type",
      'spec.containers[0].volumeMounts[0].mountPath: Invalid value: "data": must be an absolute path',
      "spec.containers[0].volumeMounts[1].subPath: Invalid value: \"../up\": must not contain '..'",
    ]);
  } finally {
    await api.stop();
  }
});
