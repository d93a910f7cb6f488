/**
 * `k8sm certs init|user` as a user runs them: private files, flags that point at them, users
 * whose kubeconfig names the cluster's apiserver and whose certificate a secured apiserver
 * accepts as that user.
 */
import assert from "node:assert/strict";
import { runK8sm } from "./cli_runner.ts";
import { startApiServer } from "../../core/apiserver/serve_api.ts";
import { resolveClientConfig } from "../../core/client/client_config.ts";
import { RestClient } from "../../core/client/rest_client.ts";

Deno.test("certs init writes private credentials and prints the flags that use them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-certs-" });
  try {
    const r = await runK8sm([
      "certs",
      "init",
      "--dir",
      `${dir}/c`,
      "--apiserver",
      "https://127.0.0.1:7443",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`--client-ca-file=${dir}/c/tls/ca\\.crt`));
    assert.match(r.stdout, new RegExp(`--kubeconfig=${dir}/c/scheduler\\.kubeconfig`));
    assert.match(r.stdout, /--mesos-authentication-secret-file=.*mesos-secret/);
    assert.equal((await Deno.stat(`${dir}/c`)).mode! & 0o777, 0o700);
    for (const f of ["admin.kubeconfig", "scheduler.kubeconfig", "mesos-secret", "tls/ca.key"]) {
      assert.equal((await Deno.stat(`${dir}/c/${f}`)).mode! & 0o777, 0o600, f);
    }
    const kc = await Deno.readTextFile(`${dir}/c/admin.kubeconfig`);
    assert.match(kc, /server: https:\/\/127\.0\.0\.1:7443/);
    assert.match(kc, /certificate-authority-data: /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("certs user makes a kubeconfig the secured apiserver accepts as that user", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-certs-" });
  const c = `${dir}/c`;
  try {
    assert.equal((await runK8sm(["certs", "init", "--dir", c])).code, 0);
    const api = await startApiServer({
      port: 0,
      storage: "memory",
      tlsCertFile: `${c}/tls/server.crt`,
      tlsPrivateKeyFile: `${c}/tls/server.key`,
      clientCaFile: `${c}/tls/ca.crt`,
      authorizationMode: "RBAC",
    });
    try {
      const none = await runK8sm(["certs", "user", "bob", "--dir", `${dir}/empty`]);
      assert.notEqual(none.code, 0);
      assert.match(none.stderr, /pass --apiserver https:\/\/HOST:PORT/);
      const r = await runK8sm([
        "certs",
        "user",
        "alice",
        "--group",
        "dev",
        "--dir",
        c,
        "--apiserver",
        api.url,
      ]);
      assert.equal(r.code, 0, r.stderr);
      const kubeconfig = `${c}/users/alice.kubeconfig`;
      assert.match(r.stdout, new RegExp(kubeconfig));
      const client = new RestClient(
        resolveClientConfig({ kubeconfig, implicitKubeconfig: false, env: () => undefined }),
      );
      try {
        const review = await client.requestJson<
          { status: { userInfo: { username: string; groups: string[] } } }
        >(
          "POST",
          "/apis/authentication.k8s.io/v1/selfsubjectreviews",
          { body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } },
        );
        assert.equal(review.status.userInfo.username, "alice");
        assert.deepEqual(review.status.userInfo.groups, ["dev", "system:authenticated"]);
        await assert.rejects(
          client.list({ resource: "pods", namespace: "default" }),
          /User "alice" cannot list resource "pods"/,
        );
      } finally {
        client.close();
      }
      const again = await runK8sm(["certs", "user", "carol", "--dir", c]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(
        await Deno.readTextFile(`${c}/users/carol.kubeconfig`),
        /server: https:\/\/127\.0\.0\.1:6443/,
      );
    } finally {
      await api.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
