import assert from "node:assert/strict";
import {
  type ApiError,
  isNotFound,
  ServerUnreachableError,
} from "../../../core/client/client_errors.ts";
import { startApiServer } from "../../../core/apiserver/serve_api.ts";
import { startTestApiServer, testPod } from "../../_helpers/apiserver.ts";
import { haveOpenssl, makeTestCert } from "../../_helpers/tls_cert.ts";
import { RestClient } from "../../../core/client/rest_client.ts";

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("rest client: an unreachable server names the URL and how to point k8sm elsewhere", async () => {
  const server = `http://127.0.0.1:${closedPort()}`;
  const client = new RestClient({ server });
  await assert.rejects(
    () => client.list({ resource: "pods", namespace: "default" }),
    (e: unknown) => {
      assert.ok(e instanceof ServerUnreachableError);
      assert.equal(
        e.message,
        `cannot reach the API server at ${server} (connection refused); start one with ` +
          `"k8sm up" and use the kubeconfig it writes (export KUBECONFIG=~/.k8sm/kubeconfig), ` +
          "or point k8sm at another with --server, KUBERNETES_MASTER or --kubeconfig",
      );
      return true;
    },
  );
});

Deno.test("rest client: create, get, list with selectors, update, patch flavours, delete", async () => {
  const s = await startTestApiServer();
  const client = new RestClient({ server: s.url });
  const ns = "default";
  try {
    const created = await client.create(
      { resource: "pods", namespace: ns },
      testPod("a", { app: "web" }),
    );
    assert.equal(created.metadata.name, "a");
    await client.create({ resource: "pods", namespace: ns }, testPod("b", { app: "db" }));
    const web = await client.list({ resource: "pods", namespace: ns }, {
      labelSelector: "app=web",
    });
    assert.deepEqual(web.items.map((p) => p.metadata.name), ["a"]);
    const byName = await client.list({ resource: "pods" }, { fieldSelector: "metadata.name=b" });
    assert.deepEqual(byName.items.map((p) => p.metadata.name), ["b"]);

    const got = await client.get({ resource: "pods", namespace: ns, name: "a" });
    got.metadata.labels = { app: "web", v: "2" };
    const updated = await client.update({ resource: "pods", namespace: ns, name: "a" }, got);
    assert.equal(updated.metadata.labels?.v, "2");

    const ref = { resource: "pods", namespace: ns, name: "a" };
    const merged = await client.patch(ref, { metadata: { labels: { m: "1" } } }, "merge");
    assert.equal(merged.metadata.labels?.m, "1");
    const jsonPatched = await client.patch(
      ref,
      [{ op: "remove", path: "/metadata/labels/m" }],
      "json",
    );
    assert.equal(jsonPatched.metadata.labels?.m, undefined);
    const smp = await client.patch(ref, { metadata: { labels: { s: "1" } } }, "strategic");
    assert.equal(smp.metadata.labels?.s, "1");

    await client.delete(ref, { propagationPolicy: "Background" });
    await assert.rejects(() => client.get(ref), (e: unknown) => {
      assert.ok(isNotFound(e));
      assert.equal((e as ApiError).message, `pods "a" not found`);
      return true;
    });
  } finally {
    client.close();
    await s.stop();
  }
});

Deno.test("rest client: watch yields events from a resourceVersion until aborted", async () => {
  const s = await startTestApiServer();
  const client = new RestClient({ server: s.url });
  const abort = new AbortController();
  try {
    const list = await client.list({ resource: "pods", namespace: "default" });
    const events = client.watch(
      { resource: "pods", namespace: "default" },
      { resourceVersion: list.metadata.resourceVersion },
      abort.signal,
    );
    await client.create({ resource: "pods", namespace: "default" }, testPod("w"));
    const seen: string[] = [];
    for await (const ev of events) {
      seen.push(`${ev.type} ${ev.object.metadata.name}`);
      if (seen.length === 1) {
        await client.delete({ resource: "pods", namespace: "default", name: "w" });
      }
      if (ev.type === "DELETED") abort.abort();
    }
    assert.equal(seen[0], "ADDED w");
    assert.equal(seen.at(-1), "DELETED w");
  } finally {
    abort.abort();
    await s.stop();
  }
});

const HAVE_OPENSSL = await haveOpenssl();
if (!HAVE_OPENSSL) {
  console.error("!!! SKIPPING rest client TLS tests: openssl is not installed !!!");
}

Deno.test({
  name: "rest client: https with a CA, and insecure-skip-tls-verify streaming a watch",
  ignore: !HAVE_OPENSSL,
}, async () => {
  const cert = await makeTestCert();
  assert.ok(cert, "openssl could not make a test certificate");
  const server = await startApiServer({
    address: "127.0.0.1",
    port: 0,
    storage: "memory",
    tlsCertFile: cert.certFile,
    tlsPrivateKeyFile: cert.keyFile,
  });
  const trusted = new RestClient({ server: server.url, caCerts: [cert.caPem] });
  const insecure = new RestClient({ server: server.url, insecureSkipTlsVerify: true });
  const abort = new AbortController();
  try {
    const ns = await trusted.list({ resource: "namespaces" });
    assert.ok(ns.items.some((n) => n.metadata.name === "default"));
    const list = await insecure.list({ resource: "pods", namespace: "default" });
    const events = insecure.watch(
      { resource: "pods", namespace: "default" },
      { resourceVersion: list.metadata.resourceVersion },
      abort.signal,
    );
    await insecure.create({ resource: "pods", namespace: "default" }, testPod("tls"));
    for await (const ev of events) {
      assert.equal(`${ev.type} ${ev.object.metadata.name}`, "ADDED tls");
      abort.abort();
    }
    await assert.rejects(
      () => new RestClient({ server: server.url }).list({ resource: "pods" }),
      (e: unknown) => e instanceof ServerUnreachableError && /TLS failed/.test(e.message),
    );
  } finally {
    abort.abort();
    trusted.close();
    await server.close();
    await Deno.remove(cert.dir, { recursive: true });
  }
});
