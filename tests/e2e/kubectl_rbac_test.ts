/**
 * Real kubectl 1.32 against k8sm for the rbac.authorization.k8s.io group and ServiceAccounts:
 * api-versions/api-resources, `create role|rolebinding|clusterrole|clusterrolebinding|
 * serviceaccount`, get (with kubectl's columns), describe, delete, and the message for an
 * unserved resource type.
 */
import assert from "node:assert/strict";
import { startTestApiServer } from "../_helpers/apiserver.ts";
import { KubectlRunner } from "./kubectl_runner.ts";
import { requires } from "../_helpers/requirements.ts";

Deno.test({
  name: "kubectl: RBAC kinds and ServiceAccounts through API groups",
  ...requires("kubectl"),
  async fn(t) {
    const server = await startTestApiServer("memory");
    const k = await KubectlRunner.create(server.url);
    try {
      await t.step("api-versions and api-resources list the RBAC group", async () => {
        const versions = await k.ok("api-versions");
        const lines = versions.trim().split("\n");
        assert.ok(lines.includes("rbac.authorization.k8s.io/v1") && lines.includes("v1"), versions);
        const resources = await k.ok("api-resources");
        assert.match(resources, /^serviceaccounts\s+sa\s+v1\s+true\s+ServiceAccount$/m);
        assert.match(
          resources,
          /^rolebindings\s+rbac\.authorization\.k8s\.io\/v1\s+true\s+RoleBinding$/m,
        );
        assert.match(
          resources,
          /^clusterroles\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRole$/m,
        );
      });

      await t.step("create, get and describe roles and bindings", async () => {
        assert.match(
          await k.ok("create", "role", "r", "--verb=get", "--resource=pods"),
          /^role\.rbac\.authorization\.k8s\.io\/r created$/m,
        );
        assert.match(
          await k.ok("create", "clusterrole", "cr", "--verb=get,list", "--resource=nodes"),
          /clusterrole\.rbac\.authorization\.k8s\.io\/cr created/,
        );
        assert.match(
          await k.ok(
            "create",
            "rolebinding",
            "rb",
            "--role=r",
            "--user=alice",
            "--group=devs",
            "--serviceaccount=default:robot",
          ),
          /rolebinding\.rbac\.authorization\.k8s\.io\/rb created/,
        );
        assert.match(
          await k.ok("create", "clusterrolebinding", "crb", "--clusterrole=cr", "--user=bob"),
          /clusterrolebinding\.rbac\.authorization\.k8s\.io\/crb created/,
        );
        assert.match(
          await k.ok("get", "clusterroles"),
          /^NAME\s+CREATED AT\ncr\s+\d{4}-\d\d-\d\dT/,
        );
        assert.match(await k.ok("get", "rolebindings"), /^NAME\s+ROLE\s+AGE\nrb\s+Role\/r\s+\S+$/m);
        assert.match(
          await k.ok("get", "rolebindings", "-o", "wide"),
          /^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\nrb\s+Role\/r\s+\S+\s+alice\s+devs\s+default\/robot$/m,
        );
        assert.match(await k.ok("get", "clusterrolebinding", "crb"), /crb\s+ClusterRole\/cr/);
        const described = await k.ok("describe", "rolebinding", "rb");
        assert.match(described, /Role:\n\s+Kind:\s+Role\n\s+Name:\s+r/);
        assert.match(described, /User\s+alice/);
        assert.match(await k.ok("describe", "role", "r"), /pods\s+\[\]\s+\[\]\s+\[get\]/);
      });

      await t.step("roleRef is immutable", async () => {
        const res = await k.run(
          "patch",
          "rolebinding",
          "rb",
          "--type=merge",
          "-p",
          '{"roleRef":{"name":"other"}}',
        );
        assert.notEqual(res.code, 0);
        assert.match(res.stderr, /cannot change roleRef/);
      });

      await t.step("service accounts: default exists, create, delete", async () => {
        assert.match(await k.ok("get", "sa"), /^default\s+0\s+\S+$/m);
        assert.match(
          await k.ok("create", "serviceaccount", "robot"),
          /serviceaccount\/robot created/,
        );
        assert.match(
          await k.ok("get", "serviceaccounts", "robot"),
          /^NAME\s+SECRETS\s+AGE\nrobot\s+0/,
        );
        assert.match(await k.ok("delete", "sa", "robot"), /serviceaccount "robot" deleted/);
        assert.match(
          await k.ok("delete", "role", "r"),
          /role\.rbac\.authorization\.k8s\.io "r" deleted/,
        );
        const gone = await k.run("get", "role", "r");
        assert.match(gone.stderr, /roles\.rbac\.authorization\.k8s\.io "r" not found/);
      });

      await t.step("create quota names the missing resource type", async () => {
        const res = await k.run("create", "quota", "q", "--hard=pods=1");
        assert.notEqual(res.code, 0);
        assert.match(res.stderr, /doesn't have a resource type "resourcequotas"/);
        assert.doesNotMatch(res.stderr, /subresource/);
      });
    } finally {
      await k.cleanup();
      await server.stop();
    }
  },
});
