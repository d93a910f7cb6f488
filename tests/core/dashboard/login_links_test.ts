/**
 * Single-use dashboard sign-in links on a secured apiserver, over real HTTPS: minting needs an
 * authenticated caller (401 without) allowed to create tokens for the dashboard's
 * ServiceAccount (a `view` user gets 403); the page's exchange at /ui/login works once, and a
 * used or unknown code is refused alike with a sentence; `k8sm dashboard` prints a link that
 * signs in, and a sentence saying what to do when the caller may not have one.
 */
import assert from "node:assert/strict";
import { jsonRequest, startSecuredApiServer } from "../../_helpers/secured_apiserver.ts";
import type { ApiUser } from "../../_helpers/secured_apiserver.ts";
import { runK8sm } from "../../commands/cli_runner.ts";
import { startTestApiServer } from "../../_helpers/apiserver.ts";
import { LOGIN_LINKS_PATH, LOGIN_PATH } from "../../../core/dashboard/login_routes.ts";

const post = jsonRequest("POST", {});

/** Creates a ClusterRoleBinding of `role` to `subject` (a ServiceAccount "ns/name", or a user). */
async function bind(admin: ApiUser, name: string, role: string, subject: string): Promise<void> {
  const [ns, sa] = subject.split("/");
  const r = await admin.json(
    "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
    jsonRequest("POST", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
      subjects: [
        sa
          ? { kind: "ServiceAccount", name: sa, namespace: ns }
          : { kind: "User", name: subject, apiGroup: "rbac.authorization.k8s.io" },
      ],
    }),
  );
  assert.equal(r.status, 201, JSON.stringify(r.body));
}

async function createDashboardServiceAccount(admin: ApiUser): Promise<void> {
  const sa = await admin.json(
    "/api/v1/namespaces/kube-system/serviceaccounts",
    jsonRequest("POST", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "k8sm-dashboard", namespace: "kube-system" },
    }),
  );
  assert.equal(sa.status, 201, JSON.stringify(sa.body));
  await bind(admin, "k8sm-dashboard", "cluster-admin", "kube-system/k8sm-dashboard");
}

function exchange(anon: ApiUser, code: string) {
  return anon.json(LOGIN_PATH, jsonRequest("POST", { code }));
}

Deno.test("dashboard sign-in links: minting needs authentication and the right to create the ServiceAccount's tokens", async () => {
  const api = await startSecuredApiServer();
  try {
    const anon = api.anonymous();
    const unauthenticated = await anon.json(LOGIN_LINKS_PATH, post);
    assert.equal(unauthenticated.status, 401);

    const missing = await api.admin.json(LOGIN_LINKS_PATH, post);
    assert.equal(missing.status, 404);
    assert.match(
      String(missing.body.message),
      /ServiceAccount kube-system\/k8sm-dashboard .* does not exist; `k8sm up` creates it/,
    );

    await createDashboardServiceAccount(api.admin);
    await bind(api.admin, "viewer-view", "view", "viewer");
    const viewer = api.as("viewer");
    const denied = await viewer.json(LOGIN_LINKS_PATH, post);
    assert.equal(denied.status, 403, JSON.stringify(denied.body));
    assert.equal(denied.body.reason, "Forbidden");

    // A user who may post to the path but not create the ServiceAccount's tokens is refused too.
    const poster = await api.admin.json(
      "/apis/rbac.authorization.k8s.io/v1/clusterroles",
      jsonRequest("POST", {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "login-links-path" },
        rules: [{ nonResourceURLs: [LOGIN_LINKS_PATH], verbs: ["post"] }],
      }),
    );
    assert.equal(poster.status, 201, JSON.stringify(poster.body));
    await bind(api.admin, "viewer-login-links-path", "login-links-path", "viewer");
    const stillDenied = await viewer.json(LOGIN_LINKS_PATH, post);
    assert.equal(stillDenied.status, 403, JSON.stringify(stillDenied.body));
    assert.match(
      String(stillDenied.body.message),
      /cannot create resource "serviceaccounts\/token" .* in the namespace "kube-system"/,
    );
  } finally {
    await api.stop();
  }
});

Deno.test("dashboard sign-in links: a code trades for a working token once; used and unknown codes are refused alike", async () => {
  const api = await startSecuredApiServer();
  try {
    await createDashboardServiceAccount(api.admin);
    const minted = await api.admin.json(LOGIN_LINKS_PATH, post);
    assert.equal(minted.status, 201, JSON.stringify(minted.body));
    const code = String(minted.body.code);
    assert.equal(minted.body.path, `/ui/#code=${code}`);
    assert.ok(!JSON.stringify(minted.body).includes("eyJ"), "no token in the minting answer");

    const anon = api.anonymous();
    const first = await exchange(anon, code);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const token = String(first.body.token);
    assert.equal(first.body.expires, minted.body.tokenExpires);
    const who = await api.withToken("dashboard", token).json(
      "/apis/authentication.k8s.io/v1/selfsubjectreviews",
      jsonRequest("POST", { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }),
    );
    assert.equal(
      (who.body.status as { userInfo: { username: string } }).userInfo.username,
      "system:serviceaccount:kube-system:k8sm-dashboard",
    );

    const again = await exchange(anon, code);
    const unknown = await exchange(anon, "A".repeat(43));
    for (const refused of [again, unknown]) {
      assert.equal(refused.status, 401);
      assert.equal(
        refused.body.message,
        "This sign-in link was already used or has expired; run 'k8sm dashboard' for a new one, " +
          "or sign in with a token.",
      );
    }
    const noCode = await anon.json(LOGIN_PATH, jsonRequest("POST", {}));
    assert.equal(noCode.status, 400);
    assert.match(String(noCode.body.message), /^code: Required value/);
    const get = await anon.fetch(LOGIN_PATH);
    await get.body?.cancel();
    assert.equal(get.status, 405);
  } finally {
    await api.stop();
  }
});

Deno.test("k8sm dashboard prints the address and a single-use link that signs in; a view user is told what to do", async () => {
  const api = await startSecuredApiServer();
  const dir = await Deno.makeTempDir({ prefix: "k8sm-dashboard-cli-" });
  try {
    await createDashboardServiceAccount(api.admin);
    await bind(api.admin, "viewer-view", "view", "viewer");
    await Deno.writeTextFile(`${dir}/admin`, api.admin.kubeconfig());
    await Deno.writeTextFile(`${dir}/viewer`, api.as("viewer").kubeconfig());

    const ok = await runK8sm(["dashboard", "--kubeconfig", `${dir}/admin`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(`^Dashboard: ${api.url}/ui/\n`));
    const link = new RegExp(`^${api.url}/ui/#code=([A-Za-z0-9_-]{43})$`, "m").exec(ok.stdout);
    assert.ok(link, `no sign-in link in:\n${ok.stdout}`);
    const signedIn = await exchange(api.anonymous(), link[1]);
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    const nodes = await api.withToken("dashboard", String(signedIn.body.token)).fetch(
      "/api/v1/nodes",
    );
    await nodes.body?.cancel();
    assert.equal(nodes.status, 200);

    const refused = await runK8sm(["dashboard", "--kubeconfig", `${dir}/viewer`]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^error: you may not create dashboard sign-in links on https:\/\/127\.0\.0\.1:\d+: that needs permission to create serviceaccounts\/token for kube-system\/k8sm-dashboard/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
    await api.stop();
  }
});

Deno.test("k8sm dashboard on an API without authentication says nobody signs in", async () => {
  const api = await startTestApiServer();
  try {
    const res = await runK8sm(["dashboard", "-s", api.url]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(
      res.stdout,
      `Dashboard: ${api.url}/ui/\n` +
        "This API has no authentication: open the address above; nobody signs in.\n",
    );
  } finally {
    await api.stop();
  }
});
