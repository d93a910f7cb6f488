/**
 * RBAC acceptance over real HTTPS with client certificates (issue 10): five users bound the
 * ways people bind them (view and edit through RoleBindings, a namespaced Role, a
 * ClusterRoleBinding, nothing) against every pod verb in two namespaces and across all
 * namespaces, answered exactly as kube-apiserver answers (200/201, or 403 with its Status and
 * message); the real kubectl's `auth can-i` agrees with every answer, `auth whoami` names the
 * user and groups, and roles an admin creates with kubectl take effect without a restart.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { requires } from "../_helpers/requirements.ts";
import {
  type ApiUser,
  expectStatus,
  jsonRequest,
  podManifest,
  startSecuredApiServer,
} from "../_helpers/secured_apiserver.ts";
import { KubectlRunner } from "./kubectl_runner.ts";

const RBAC = "/apis/rbac.authorization.k8s.io/v1";
const VERBS = ["get", "list", "watch", "create", "delete", "deletecollection"] as const;
type Verb = typeof VERBS[number];
/** A namespace, or "*" for all namespaces (list and watch only). */
type Scope = "a" | "b" | "*";
const READS = new Set<Verb>(["get", "list", "watch"]);

/** Kubernetes' answer for each user: view and carol's Role read, edit writes pods. */
const EXPECTED: Record<string, (verb: Verb, scope: Scope) => boolean> = {
  alice: (verb, scope) => scope === "a" && READS.has(verb), // view via RoleBinding in a
  bob: (_verb, scope) => scope === "a", // edit via RoleBinding in a
  carol: (verb, scope) => scope === "a" && READS.has(verb), // Role: get/list/watch pods in a
  dave: (verb) => READS.has(verb), // view via ClusterRoleBinding
  erin: () => false, // no bindings
};
const USERS = Object.keys(EXPECTED);
const GROUPS: Record<string, string[]> = { alice: ["dev"] };

function cells(): { verb: Verb; scope: Scope }[] {
  const out: { verb: Verb; scope: Scope }[] = [];
  for (const verb of VERBS) {
    for (const scope of ["a", "b", "*"] as Scope[]) {
      if (scope === "*" && verb !== "list" && verb !== "watch") continue;
      out.push({ verb, scope });
    }
  }
  return out;
}

/** The request for one cell by `user`, and the object name it names (if any). */
function request(
  user: string,
  verb: Verb,
  scope: Scope,
): { path: string; init: RequestInit; name?: string } {
  const base = scope === "*" ? "/api/v1/pods" : `/api/v1/namespaces/${scope}/pods`;
  switch (verb) {
    case "get":
      return { path: `${base}/fixed`, init: {}, name: "fixed" };
    case "list":
      return { path: base, init: {} };
    case "watch":
      return { path: `${base}?watch=1&timeoutSeconds=1`, init: {} };
    case "create":
      return { path: base, init: jsonRequest("POST", podManifest(`new-${user}`)) };
    case "delete":
      return { path: `${base}/del-${user}`, init: { method: "DELETE" }, name: `del-${user}` };
    case "deletecollection":
      return { path: `${base}?labelSelector=victim%3D${user}`, init: { method: "DELETE" } };
  }
}

/** kube-apiserver's 403 message for the cell. */
function forbidden(user: string, verb: Verb, scope: Scope, name?: string): string {
  const where = scope === "*" ? "at the cluster scope" : `in the namespace "${scope}"`;
  return `pods${name ? ` "${name}"` : ""} is forbidden: User "${user}" cannot ${verb} ` +
    `resource "pods" in API group "" ${where}`;
}

async function create(admin: ApiUser, path: string, body: unknown): Promise<void> {
  await expectStatus(await admin.fetch(path, jsonRequest("POST", body)), 201, `POST ${path}`);
}

function binding(kind: string, name: string, role: string, roleKind: string, user: string) {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind,
    metadata: { name },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: role },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: user }],
  };
}

/** The HTTP answer of one cell: its status, checked against kube's Status on 403. */
async function answer(u: ApiUser, verb: Verb, scope: Scope): Promise<number> {
  const { path, init, name } = request(u.name, verb, scope);
  const res = await u.fetch(path, init);
  const what = `${u.name} ${verb} pods in ${scope}`;
  if (res.status === 403) {
    assert.deepEqual(await res.json(), {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: forbidden(u.name, verb, scope, name),
      reason: "Forbidden",
      details: { ...(name ? { name } : {}), kind: "pods" },
      code: 403,
    }, what);
  } else if (verb === "watch" && res.status === 200) {
    assert.match(res.headers.get("content-type") ?? "", /json/, what);
    await res.body?.cancel();
  } else await res.body?.cancel();
  return res.status;
}

Deno.test({
  name: "RBAC matrix over HTTPS: view/edit/Role/ClusterRoleBinding/none answer as kube does, " +
    "kubectl auth can-i and whoami agree, and kubectl-made roles apply live",
  ...requires("kubectl"),
  async fn(t) {
    const api = await startSecuredApiServer();
    const runners: KubectlRunner[] = [];
    const kubectlAs = async (u: ApiUser) => {
      const k = await KubectlRunner.create(api.url);
      runners.push(k);
      await k.file("config", u.kubeconfig());
      return k;
    };
    try {
      const admin = api.admin;
      for (const ns of ["a", "b"]) {
        await create(admin, "/api/v1/namespaces", {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: ns },
        });
        const pods = `/api/v1/namespaces/${ns}/pods`;
        await create(admin, pods, podManifest("fixed"));
        for (const user of USERS) {
          await create(admin, pods, podManifest(`del-${user}`));
          await create(admin, pods, podManifest(`dc-${user}`, { labels: { victim: user } }));
        }
      }
      const a = `${RBAC}/namespaces/a`;
      await create(
        admin,
        `${a}/rolebindings`,
        binding("RoleBinding", "alice-view", "view", "ClusterRole", "alice"),
      );
      await create(
        admin,
        `${a}/rolebindings`,
        binding("RoleBinding", "bob-edit", "edit", "ClusterRole", "bob"),
      );
      await create(admin, `${a}/roles`, {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: "pod-reader" },
        rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }],
      });
      await create(
        admin,
        `${a}/rolebindings`,
        binding("RoleBinding", "carol-reads", "pod-reader", "Role", "carol"),
      );
      await create(
        admin,
        `${RBAC}/clusterrolebindings`,
        binding("ClusterRoleBinding", "dave-view", "view", "ClusterRole", "dave"),
      );
      const users = new Map(USERS.map((n) => [n, api.as(n, GROUPS[n] ?? [])]));
      // The bindings reach the authorizer through the watch cache: wait for the last one.
      await waitFor(async () => {
        const r = await users.get("dave")!.fetch("/api/v1/pods");
        await r.body?.cancel();
        return r.status === 200;
      }, { what: "dave's ClusterRoleBinding to take effect" });

      const http = new Map<string, boolean>();
      await t.step("HTTP answers match Kubernetes' view/edit semantics", async () => {
        for (const [name, u] of users) {
          for (const { verb, scope } of cells()) {
            const allowed = EXPECTED[name](verb, scope);
            const status = await answer(u, verb, scope);
            const want = !allowed ? 403 : verb === "create" ? 201 : 200;
            assert.equal(status, want, `${name} ${verb} pods in ${scope}`);
            http.set(`${name} ${verb} ${scope}`, status !== 403);
          }
        }
        // Denied deletes deleted nothing; bob's allowed ones removed exactly his pods in a.
        const names = async (ns: string) => {
          const r = await admin.json(`/api/v1/namespaces/${ns}/pods`);
          const items = r.body.items as { metadata: { name: string } }[];
          return items.map((p) => p.metadata.name).sort();
        };
        const survivors = (ns: string) =>
          [
            "fixed",
            ...USERS.flatMap((u) => ns === "a" && u === "bob" ? [] : [`dc-${u}`, `del-${u}`]),
            ...(ns === "a" ? ["new-bob"] : []),
          ].sort();
        assert.deepEqual(await names("a"), survivors("a"));
        assert.deepEqual(await names("b"), survivors("b"));
      });

      await t.step("kubectl auth can-i agrees with every HTTP answer", async () => {
        for (const [name, u] of users) {
          const k = await kubectlAs(u);
          for (const { verb, scope } of cells()) {
            const where = scope === "*" ? ["-A"] : ["-n", scope];
            const r = await k.run("auth", "can-i", verb, "pods", ...where);
            const said = `kubectl auth can-i ${verb} pods ${where.join(" ")} as ${name}`;
            assert.ok(r.code === 0 || r.code === 1, `${said} failed: ${r.stderr}`);
            assert.equal(r.code === 0, http.get(`${name} ${verb} ${scope}`), said);
            assert.equal(r.stdout.trim(), r.code === 0 ? "yes" : "no", said);
          }
        }
      });

      await t.step("kubectl auth whoami shows the user and groups", async () => {
        const alice = await kubectlAs(users.get("alice")!);
        const out = await alice.ok("auth", "whoami");
        assert.match(out, /^Username\s+alice$/m);
        assert.match(out, /^Groups\s+\[dev system:authenticated\]$/m);
        const erin = await kubectlAs(users.get("erin")!);
        const json = JSON.parse(await erin.ok("auth", "whoami", "-o", "json"));
        assert.equal(json.kind, "SelfSubjectReview");
        assert.equal(json.status.userInfo.username, "erin");
        assert.deepEqual(json.status.userInfo.groups, ["system:authenticated"]);
      });

      await t.step(
        "kubectl create role/rolebinding by an admin changes erin's answers live",
        async () => {
          const erin = users.get("erin")!;
          const erinK = await kubectlAs(erin);
          const adminK = await kubectlAs(admin);
          const listB = async () => {
            const r = await erin.fetch("/api/v1/namespaces/b/pods");
            await r.body?.cancel();
            return r.status;
          };
          assert.equal(await listB(), 403);
          assert.match(
            await adminK.ok(
              "create",
              "role",
              "lister",
              "--verb=get,list",
              "--resource=pods",
              "-n",
              "b",
            ),
            /role\.rbac\.authorization\.k8s\.io\/lister created/,
          );
          assert.match(
            await adminK.ok(
              "create",
              "rolebinding",
              "erin-lists",
              "--role=lister",
              "--user=erin",
              "-n",
              "b",
            ),
            /rolebinding\.rbac\.authorization\.k8s\.io\/erin-lists created/,
          );
          await waitFor(async () => (await listB()) === 200, { what: "erin's new RoleBinding" });
          assert.equal((await erinK.run("auth", "can-i", "list", "pods", "-n", "b")).code, 0);
          assert.equal((await erinK.run("auth", "can-i", "create", "pods", "-n", "b")).code, 1);
          assert.equal((await erinK.run("auth", "can-i", "list", "pods", "-n", "a")).code, 1);
          await adminK.ok("delete", "rolebinding", "erin-lists", "-n", "b");
          await waitFor(async () => (await listB()) === 403, { what: "the RoleBinding's removal" });
          assert.equal((await erinK.run("auth", "can-i", "list", "pods", "-n", "b")).code, 1);
        },
      );
    } finally {
      for (const k of runners) await k.cleanup();
      await api.stop();
    }
  },
});
