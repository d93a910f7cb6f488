/**
 * Real kubectl 1.32 against a secured k8sm apiserver for ConfigMaps, Secrets and
 * ServiceAccounts: discovery lists them with short names; `create configmap` (--from-literal,
 * --from-file, --from-env-file), `create secret generic|docker-registry|tls`, `create
 * serviceaccount` and `create token` work; `get secret -o yaml` shows base64 data; `describe
 * secret` shows byte counts, not values; bad objects get 422s naming kube's field paths.
 * Encryption at rest is in kubectl_encryption_test.ts.
 */
import assert from "node:assert/strict";
import { requires } from "../_helpers/requirements.ts";
import { jsonRequest, startSecuredApiServer } from "../_helpers/secured_apiserver.ts";
import { createServingCertificate } from "../../core/auth/pki/certificate.ts";
import { runKubectl } from "../_helpers/kubectl_exec.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test({
  name: "kubectl: configmaps, secrets, serviceaccounts and tokens on a secured apiserver",
  ...requires("kubectl"),
  async fn(t) {
    const server = await startSecuredApiServer();
    const dir = await Deno.makeTempDir({ prefix: "k8sm-cm-secrets-" });
    const kubeconfig = `${dir}/kubeconfig`;
    await Deno.writeTextFile(kubeconfig, server.admin.kubeconfig());
    const k = async (...args: string[]) => {
      const r = await runKubectl(kubeconfig, args, { env: { HOME: dir } });
      if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}${text(r.stdout)}`);
      return text(r.stdout);
    };
    try {
      await t.step("api-versions and api-resources list the kinds with short names", async () => {
        assert.ok((await k("api-versions")).split("\n").includes("v1"));
        const resources = await k("api-resources");
        assert.match(resources, /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m);
        assert.match(resources, /^secrets\s+v1\s+true\s+Secret$/m);
        assert.match(resources, /^serviceaccounts\s+sa\s+v1\s+true\s+ServiceAccount$/m);
      });

      await t.step("create configmap from literals, files and env files", async () => {
        await Deno.writeTextFile(`${dir}/app.properties`, "color=blue\n");
        await Deno.writeTextFile(`${dir}/env`, "# comment\nA=1\nB=two words\n");
        assert.match(
          await k(
            "create",
            "configmap",
            "app",
            "--from-literal=mode=prod",
            `--from-file=${dir}/app.properties`,
          ),
          /^configmap\/app created$/m,
        );
        await k("create", "configmap", "envs", `--from-env-file=${dir}/env`);
        assert.match(await k("get", "cm"), /^NAME\s+DATA\s+AGE\napp\s+2\s+\S+\nenvs\s+2\s+\S+$/m);
        assert.match(
          await k("get", "cm", "app", "-o", "yaml"),
          /app\.properties: \|\n\s+color=blue\n\s+mode: prod/,
        );
        assert.equal(await k("get", "cm", "envs", "-o", "jsonpath={.data.B}"), "two words");
        assert.match(await k("describe", "cm", "app"), /^mode:\n----\nprod$/m);
        await Deno.writeFile(`${dir}/blob.bin`, new Uint8Array([0xff, 0x00, 0x01]));
        await k("create", "configmap", "bin", `--from-file=${dir}/blob.bin`);
        assert.equal(
          await k("get", "cm", "bin", "-o", "jsonpath={.binaryData.blob\\.bin}"),
          "/wAB",
        );
        assert.match(await k("describe", "cm", "bin"), /^blob\.bin: 3 bytes$/m);
      });

      await t.step(
        "create secrets of three types; -o yaml is base64, describe hides values",
        async () => {
          await k("create", "secret", "generic", "db", "--from-literal=password=hunter2");
          await k(
            "create",
            "secret",
            "docker-registry",
            "reg",
            "--docker-server=registry.example",
            "--docker-username=u",
            "--docker-password=p",
          );
          const cert = createServingCertificate(server.ca, { commonName: "web" }, ["web.example"]);
          await Deno.writeTextFile(`${dir}/tls.crt`, cert.certPem);
          await Deno.writeTextFile(`${dir}/tls.key`, cert.keyPem);
          await k(
            "create",
            "secret",
            "tls",
            "web",
            `--cert=${dir}/tls.crt`,
            `--key=${dir}/tls.key`,
          );
          const listed = await k("get", "secrets");
          assert.match(listed, /^NAME\s+TYPE\s+DATA\s+AGE$/m);
          assert.match(listed, /^db\s+Opaque\s+1\s+\S+$/m);
          assert.match(listed, /^reg\s+kubernetes\.io\/dockerconfigjson\s+1\s+\S+$/m);
          assert.match(listed, /^web\s+kubernetes\.io\/tls\s+2\s+\S+$/m);
          const yaml = await k("get", "secret", "db", "-o", "yaml");
          assert.match(yaml, /^data:\n\s+password: aHVudGVyMg==$/m);
          assert.match(yaml, /^type: Opaque$/m);
          assert.ok(!yaml.includes("stringData"));
          const described = await k("describe", "secret", "db");
          assert.match(described, /^Type:\s+Opaque$/m);
          assert.match(described, /^password:\s+7 bytes$/m);
          assert.ok(!described.includes("hunter2") && !described.includes("aHVudGVyMg"), described);
          assert.match(
            await k("get", "secrets", "--field-selector", "type=kubernetes.io/tls"),
            /^web\s/m,
          );
        },
      );

      await t.step("create serviceaccount and token; the token authenticates as it", async () => {
        assert.match(
          await k("create", "serviceaccount", "robot"),
          /^serviceaccount\/robot created$/m,
        );
        assert.match(await k("describe", "sa", "robot"), /^Tokens:\s+<none>$/m);
        const token = (await k("create", "token", "robot")).trim();
        assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
        const review = await server.withToken("robot", token).json(
          "/apis/authentication.k8s.io/v1/selfsubjectreviews",
          jsonRequest("POST", {
            apiVersion: "authentication.k8s.io/v1",
            kind: "SelfSubjectReview",
          }),
        );
        assert.equal(review.status, 201, JSON.stringify(review.body));
        assert.equal(
          (review.body.status as { userInfo: { username: string } }).userInfo.username,
          "system:serviceaccount:default:robot",
        );
      });

      await t.step("bad objects: 422 with kube's field paths, 400 for bad base64", async () => {
        const post = (resource: string, body: unknown) =>
          server.admin.json(`/api/v1/namespaces/default/${resource}`, jsonRequest("POST", body));
        const causes = (body: Record<string, unknown>) =>
          ((body.details as { causes?: { field: string; message: string }[] })?.causes ?? [])
            .map((c) => `${c.field}: ${c.message}`);
        const badKey = await post("configmaps", {
          metadata: { name: "bad" },
          data: { "a b": "x" },
          binaryData: { c: "AA==" },
        });
        assert.equal(badKey.status, 422);
        assert.match(
          causes(badKey.body)[0],
          /^data\[a b\]: Invalid value: "a b": a valid config key must consist of alphanumeric characters/,
        );
        const dup = await post("configmaps", {
          metadata: { name: "dup" },
          data: { k: "x" },
          binaryData: { k: "AA==" },
        });
        assert.deepEqual(causes(dup.body), [
          'data[k]: Invalid value: "k": duplicate of key present in binaryData',
        ]);
        const tls = await post("secrets", {
          metadata: { name: "t" },
          type: "kubernetes.io/tls",
          stringData: { "tls.crt": "x" },
        });
        assert.equal(tls.status, 422);
        assert.deepEqual(causes(tls.body), ["data[tls.key]: Required value"]);
        const basic = await post("secrets", {
          metadata: { name: "b" },
          type: "kubernetes.io/basic-auth",
        });
        assert.deepEqual(causes(basic.body), [
          "data[username]: Required value",
          "data[password]: Required value",
        ]);
        const sat = await post("secrets", {
          metadata: { name: "s" },
          type: "kubernetes.io/service-account-token",
        });
        assert.deepEqual(causes(sat.body), [
          "metadata.annotations[kubernetes.io/service-account.name]: Required value",
        ]);
        const base64 = await post("secrets", {
          metadata: { name: "x" },
          data: { k: "not base64!" },
        });
        assert.equal(base64.status, 400);
        assert.match(String(base64.body.message), /illegal base64 data at input byte 3/);
        const big = await post("configmaps", {
          metadata: { name: "big" },
          data: { k: "x".repeat(1024 * 1024 + 1) },
        });
        assert.equal(big.status, 422);
        assert.match(String(big.body.message), /Too long: may not be more than 1048576 bytes/);

        assert.equal(
          (await post("configmaps", {
            metadata: { name: "frozen" },
            data: { a: "1" },
            immutable: true,
          })).status,
          201,
        );
        const thaw = await server.admin.json(
          "/api/v1/namespaces/default/configmaps/frozen",
          jsonRequest(
            "PATCH",
            { data: { a: "2" }, immutable: false },
            "application/merge-patch+json",
          ),
        );
        assert.equal(thaw.status, 422);
        assert.equal(
          thaw.body.message,
          'ConfigMap "frozen" is invalid: [immutable: Forbidden: field is immutable when `immutable` is set, ' +
            "data: Forbidden: field is immutable when `immutable` is set]",
        );
        const retype = await server.admin.json(
          "/api/v1/namespaces/default/secrets/db",
          jsonRequest(
            "PATCH",
            { type: "kubernetes.io/basic-auth" },
            "application/merge-patch+json",
          ),
        );
        assert.equal(retype.status, 422);
        assert.match(
          String(retype.body.message),
          /type: Invalid value: "kubernetes\.io\/basic-auth": field is immutable/,
        );
      });
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
