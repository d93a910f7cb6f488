/**
 * The machine's real kubectl against a k8sm apiserver secured with a static token file and TLS:
 * with the token it works, without it (or with a wrong one) it is refused (issue 3, acceptance 1).
 */
import assert from "node:assert/strict";
import { startApiServer } from "../../core/apiserver/serve_api.ts";
import { makeTestCert } from "../_helpers/tls_cert.ts";
import { KubectlRunner } from "./kubectl_runner.ts";
import { requires } from "../_helpers/requirements.ts";

const POD_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: main
    image: nginx
    ports:
    - containerPort: 80
`;

Deno.test({
  name: "kubectl against k8sm over HTTPS with token auth: the token works, without it Unauthorized",
  ...requires("kubectl", "openssl"),
  async fn() {
    const cert = await makeTestCert();
    assert.ok(cert, "openssl could not make a test certificate");
    const tokenFile = `${cert.dir}/tokens.csv`;
    await Deno.writeTextFile(tokenFile, 's3cret,admin,1,"system:masters"\n');
    const server = await startApiServer({
      storage: "memory",
      port: 0,
      tokenAuthFile: tokenFile,
      tlsCertFile: cert.certFile,
      tlsPrivateKeyFile: cert.keyFile,
    });
    const runners: KubectlRunner[] = [];
    const https = Deno.createHttpClient({ caCerts: [cert.caPem] });
    const runner = async (token?: string) => {
      const r = await KubectlRunner.create(server.url, token, cert.caFile);
      runners.push(r);
      return r;
    };
    try {
      const k = await runner("s3cret");
      assert.match(await k.ok("version"), /Server Version: v1\.32/);
      assert.match(await k.ok("get", "pods"), /^$/);
      assert.match(
        await k.ok("create", "-f", await k.file("pod.yaml", POD_YAML)),
        /pod\/web created/,
      );
      assert.match(await k.ok("get", "pods", "-o", "name"), /^pod\/web$/m);
      // A wrong token: the server's 401 (kubectl 1.32 words it this way for discovery).
      const wrong = await (await runner("wrong")).run("get", "pods");
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.stderr, /error: You must be logged in to the server/);
      // No credentials at all: over HTTPS kubectl first asks for a user name (stdin is closed).
      const none = await (await runner()).run("get", "pods");
      assert.notEqual(none.code, 0);
      assert.match(none.stderr + none.stdout, /Please enter Username|You must be logged in/);
      const raw = await fetch(`${server.url}/api/v1/namespaces/default/pods`, { client: https });
      assert.equal(raw.status, 401);
      assert.equal((await raw.json()).reason, "Unauthorized");
    } finally {
      for (const r of runners) await r.cleanup();
      https.close();
      await server.close();
      await Deno.remove(cert.dir, { recursive: true });
    }
  },
});
