/**
 * Node identities over real HTTPS against a secured apiserver (issue 10): an executor's
 * identity — a node token the scheduler obtained from `POST /api/v1/nodes/NAME/token`, or a
 * client certificate `system:node:NAME` in `system:nodes` — writes only its own Node's status
 * and the status of pods bound to it (NodeRestriction), never the addresses the apiserver
 * dials; a user with `edit` cannot write Nodes at all; and `pods/log` never contacts the
 * address of a Node the scheduler did not register for a Mesos agent.
 */
import assert from "node:assert/strict";
import { SCHEDULER_USER } from "../../core/auth/component_roles.ts";
import { NODES_GROUP } from "../../core/auth/user_info.ts";
import { waitFor } from "../../core/util/wait.ts";
import {
  type ApiUser,
  expectForbidden,
  expectStatus,
  jsonRequest,
  podManifest,
  type SecuredApiServer,
  startSecuredApiServer,
} from "../_helpers/secured_apiserver.ts";

const MERGE = "application/merge-patch+json";
const PODS = "/api/v1/namespaces/default/pods";

function patch(body: unknown): RequestInit {
  return jsonRequest("PATCH", body, MERGE);
}

/** Creates Node `name` as the scheduler registers it: Mesos providerID and an address. */
async function registerNode(api: SecuredApiServer, name: string, address: string, mesos = true) {
  const { admin } = api;
  await expectStatus(
    await admin.fetch(
      "/api/v1/nodes",
      jsonRequest("POST", {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name },
        spec: mesos ? { providerID: `mesos://${name}-id` } : {},
      }),
    ),
    201,
    `create node ${name}`,
  );
  await expectStatus(
    await admin.fetch(
      `/api/v1/nodes/${name}/status`,
      patch({ status: { addresses: [{ type: "InternalIP", address }] } }),
    ),
    200,
    `set the addresses of node ${name}`,
  );
}

Deno.test("a node identity writes only its own Node status and its pods' status", async (t) => {
  const api = await startSecuredApiServer();
  try {
    await registerNode(api, "agent-a", "10.0.0.1");
    await registerNode(api, "agent-b", "10.0.0.2");
    for (const [pod, node] of [["pod-a", "agent-a"], ["pod-b", "agent-b"]]) {
      await expectStatus(
        await api.admin.fetch(PODS, jsonRequest("POST", podManifest(pod, { nodeName: node }))),
        201,
        `create ${pod}`,
      );
    }
    const scheduler = api.as(SCHEDULER_USER);
    const issued = await scheduler.json(
      "/api/v1/nodes/agent-a/token",
      jsonRequest("POST", { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest" }),
    );
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const token = String((issued.body.status as Record<string, unknown>).token);
    const identities: [string, ApiUser][] = [
      ["node token", api.withToken("system:node:agent-a", token)],
      ["client certificate", api.as("system:node:agent-a", [NODES_GROUP])],
    ];
    let port = 10250;
    for (const [label, node] of identities) {
      await t.step(`${label}: allowed on its own Node and pods`, async () => {
        const who = await node.json(
          "/apis/authentication.k8s.io/v1/selfsubjectreviews",
          jsonRequest("POST", {
            apiVersion: "authentication.k8s.io/v1",
            kind: "SelfSubjectReview",
          }),
        );
        const info = (who.body.status as { userInfo: { username: string; groups: string[] } })
          .userInfo;
        assert.equal(info.username, "system:node:agent-a");
        assert.ok(info.groups.includes(NODES_GROUP), info.groups.join(","));
        port++;
        const own = await node.json(
          "/api/v1/nodes/agent-a/status",
          patch({ status: { daemonEndpoints: { kubeletEndpoint: { Port: port } } } }),
        );
        assert.equal(own.status, 200, JSON.stringify(own.body));
        const status = own.body.status as Record<string, Record<string, { Port: number }>>;
        assert.equal(status.daemonEndpoints.kubeletEndpoint.Port, port);
        const podStatus = await node.json(
          `${PODS}/pod-a/status`,
          patch({ status: { message: `reported with a ${label}` } }),
        );
        assert.equal(podStatus.status, 200, JSON.stringify(podStatus.body));
        assert.equal(
          (podStatus.body.status as Record<string, string>).message,
          `reported with a ${label}`,
        );
        // Its pods' specs (the executor's pod watch): only with spec.nodeName=<its node>.
        const mine = await node.json("/api/v1/pods?fieldSelector=spec.nodeName%3Dagent-a");
        assert.equal(mine.status, 200, JSON.stringify(mine.body));
        const names = (mine.body.items as { metadata: { name: string } }[]).map((p) =>
          p.metadata.name
        );
        assert.deepEqual(names, ["pod-a"]);
      });

      await t.step(`${label}: refused elsewhere with kube-apiserver's messages`, async () => {
        for (const query of ["", "?fieldSelector=spec.nodeName%3Dagent-b"]) {
          await expectForbidden(
            node,
            `/api/v1/pods${query}`,
            { method: "GET" },
            'pods is forbidden: User "system:node:agent-a" cannot list resource "pods" in API ' +
              'group "" at the cluster scope: node "agent-a" can only list pods with ' +
              "fieldSelector spec.nodeName=agent-a",
          );
        }
        const other = 'node "agent-a" is not allowed to modify node "agent-b"';
        await expectForbidden(
          node,
          "/api/v1/nodes/agent-b/status",
          patch({ status: { daemonEndpoints: { kubeletEndpoint: { Port: 1 } } } }),
          `nodes "agent-b" is forbidden: ${other}`,
        );
        await expectForbidden(
          node,
          "/api/v1/nodes/agent-b",
          patch({ metadata: { annotations: { hijacked: "yes" } } }),
          `nodes "agent-b" is forbidden: ${other}`,
        );
        await expectForbidden(
          node,
          `${PODS}/pod-b/status`,
          patch({ status: { message: "not mine" } }),
          'pods "pod-b" is forbidden: node "agent-a" can only update pod status for pods with ' +
            "spec.nodeName set to itself",
        );
        await expectForbidden(
          node,
          "/api/v1/nodes/agent-a/status",
          patch({ status: { addresses: [{ type: "InternalIP", address: "127.0.0.1" }] } }),
          'nodes "agent-a" is forbidden: node "agent-a" is not allowed to modify ' +
            "status.addresses (the scheduler owns them)",
        );
        await expectForbidden(
          node,
          "/api/v1/nodes",
          jsonRequest("POST", { apiVersion: "v1", kind: "Node", metadata: { name: "agent-c" } }),
          'nodes is forbidden: User "system:node:agent-a" cannot create resource "nodes" in API ' +
            'group "" at the cluster scope',
        );
      });
    }

    await t.step("the refused writes changed nothing", async () => {
      const b = await api.admin.json("/api/v1/nodes/agent-b");
      const meta = b.body.metadata as { annotations?: Record<string, string> };
      assert.equal(meta.annotations?.hijacked, undefined);
      assert.equal((b.body.status as Record<string, unknown>).daemonEndpoints, undefined);
      const a = await api.admin.json("/api/v1/nodes/agent-a");
      assert.deepEqual((a.body.status as Record<string, unknown>).addresses, [
        { type: "InternalIP", address: "10.0.0.1" },
      ]);
      const podB = await api.admin.json(`${PODS}/pod-b`);
      assert.notEqual((podB.body.status as Record<string, unknown>).message, "not mine");
      const c = await api.admin.fetch("/api/v1/nodes/agent-c");
      await expectStatus(c, 404, "agent-c was never created");
    });

    await t.step("only the scheduler (and admins) may ask for node tokens", async () => {
      const node = identities[1][1];
      await expectForbidden(
        node,
        "/api/v1/nodes/agent-b/token",
        jsonRequest("POST", {}),
        'nodes "agent-b" is forbidden: User "system:node:agent-a" cannot create resource ' +
          '"nodes/token" in API group "" at the cluster scope',
      );
    });
  } finally {
    await api.stop();
  }
});

Deno.test("a user with edit cannot write Nodes; pods/log dials only registered Mesos agents", async (t) => {
  const api = await startSecuredApiServer();
  let hits = 0;
  const secret = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
    hits++;
    return new Response("internal secret");
  });
  try {
    await expectStatus(
      await api.admin.fetch(
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
        jsonRequest("POST", {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRoleBinding",
          metadata: { name: "mallory-edit" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
          subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "mallory" }],
        }),
      ),
      201,
      "bind mallory to edit",
    );
    const mallory = api.as("mallory");
    // Her binding works (edit creates pods) — so the Node refusals below are about Nodes.
    await waitFor(async () => {
      const r = await mallory.fetch(PODS, jsonRequest("POST", podManifest("mine")));
      await r.body?.cancel();
      return r.status === 201;
    }, { what: "mallory's edit binding to take effect" });
    await registerNode(api, "agent-a", "10.0.0.1");

    await t.step("edit cannot create, patch or re-address Nodes", async () => {
      const cannot = (verb: string, resource: string) =>
        `User "mallory" cannot ${verb} resource "${resource}" in API group "" at the cluster scope`;
      const pointAtSecret = {
        status: {
          addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
          daemonEndpoints: { kubeletEndpoint: { Port: secret.addr.port } },
        },
      };
      await expectForbidden(
        mallory,
        "/api/v1/nodes",
        jsonRequest("POST", { apiVersion: "v1", kind: "Node", metadata: { name: "rogue" } }),
        `nodes is forbidden: ${cannot("create", "nodes")}`,
      );
      await expectForbidden(
        mallory,
        "/api/v1/nodes/agent-a/status",
        patch(pointAtSecret),
        `nodes "agent-a" is forbidden: ${cannot("patch", "nodes/status")}`,
      );
      await expectForbidden(
        mallory,
        "/api/v1/nodes/agent-a",
        patch({ spec: { providerID: "mesos://elsewhere" } }),
        `nodes "agent-a" is forbidden: ${cannot("patch", "nodes")}`,
      );
    });

    await t.step(
      "pods/log refuses a Node without a mesos:// providerID, never dialing it",
      async () => {
        await registerNode(api, "rogue", "127.0.0.1", false);
        await expectStatus(
          await api.admin.fetch(
            "/api/v1/nodes/rogue/status",
            patch({ status: { daemonEndpoints: { kubeletEndpoint: { Port: secret.addr.port } } } }),
          ),
          200,
          "publish the rogue node's port",
        );
        await expectStatus(
          await api.admin.fetch(PODS, jsonRequest("POST", podManifest("p", { nodeName: "rogue" }))),
          201,
          "create a pod on the rogue node",
        );
        for (const u of [api.admin, mallory]) {
          const r = await u.json(`${PODS}/p/log`);
          assert.equal(r.status, 400, `${u.name}: ${JSON.stringify(r.body)}`);
          assert.match(
            String(r.body.message),
            /not a Mesos agent registered by the k8sm scheduler/,
          );
        }
        assert.equal(hits, 0, "the service behind the rogue Node's address was never contacted");
      },
    );

    await t.step(
      "a secured apiserver does not dial an agent without a pinned certificate",
      async () => {
        await registerNode(api, "agent-x", "127.0.0.1");
        await expectStatus(
          await api.admin.fetch(
            "/api/v1/nodes/agent-x/status",
            patch({ status: { daemonEndpoints: { kubeletEndpoint: { Port: secret.addr.port } } } }),
          ),
          200,
          "publish agent-x's port",
        );
        await expectStatus(
          await api.admin.fetch(
            PODS,
            jsonRequest("POST", podManifest("q", { nodeName: "agent-x" })),
          ),
          201,
          "create a pod on agent-x",
        );
        const r = await api.admin.json(`${PODS}/q/log`);
        assert.equal(r.status, 503, JSON.stringify(r.body));
        assert.match(String(r.body.message), /has published no kubelet serving certificate/);
        assert.equal(hits, 0, "an unpinned endpoint is never contacted over plain HTTP");
      },
    );
  } finally {
    await secret.shutdown();
    await api.stop();
  }
});
