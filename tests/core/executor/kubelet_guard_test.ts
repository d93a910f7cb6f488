import assert from "node:assert/strict";
import { KUBELET_CLIENT_USER, KubeletGuard } from "../../../core/executor/kubelet_guard.ts";
import {
  createCaCertificate,
  createClientCertificate,
} from "../../../core/auth/pki/certificate.ts";
import { pemDecodeAll } from "../../../core/auth/pki/pem.ts";

const ca = createCaCertificate({ commonName: "k8sm-ca" });
const otherCa = createCaCertificate({ commonName: "rogue-ca" });
const chain = (pem: string) => ({ peerCertificates: pemDecodeAll(pem) });
const get = (path: string, headers: Record<string, string> = {}) =>
  new Request(`https://127.0.0.1:10250${path}`, { headers });

Deno.test("kubelet guard answers 503 until it knows whether the cluster is secured", async () => {
  const guard = new KubeletGuard(() => "agent-1");
  assert.equal((await guard.check(get("/pods"), undefined))?.status, 503);
  assert.equal(await guard.check(get("/healthz"), undefined), undefined);
  guard.open();
  assert.equal(await guard.check(get("/pods"), undefined), undefined);
});

Deno.test("a secured kubelet guard admits only the apiserver's client identity", async () => {
  const guard = new KubeletGuard(() => "agent-1");
  guard.secure(ca.certPem);
  guard.open(); // a later task without credentials does not reopen a secured executor
  const anon = await guard.check(get("/containerLogs/default/p/c"), undefined);
  assert.equal(anon?.status, 401);
  assert.match(anon?.headers.get("www-authenticate") ?? "", /Bearer/);
  const apiserver = createClientCertificate(ca, KUBELET_CLIENT_USER);
  assert.equal(await guard.check(get("/pods"), chain(apiserver.certPem)), undefined);
  const admin = createClientCertificate(ca, "admin", ["system:masters"]);
  assert.equal(await guard.check(get("/pods"), chain(admin.certPem)), undefined);
  const alice = createClientCertificate(ca, "alice", ["dev"]);
  const denied = await guard.check(get("/pods"), chain(alice.certPem));
  assert.equal(denied?.status, 403);
  assert.match(await denied!.text(), /User \\"alice\\" is not allowed/);
  const forged = createClientCertificate(otherCa, KUBELET_CLIENT_USER);
  assert.equal((await guard.check(get("/pods"), chain(forged.certPem)))?.status, 401);
  const token = await guard.check(get("/pods", { authorization: "Bearer abc" }), undefined);
  assert.equal(token?.status, 401, "tokens are refused without a reviewer");
  assert.equal(await guard.check(get("/healthz"), undefined), undefined);
});

Deno.test("a secured kubelet guard lets tokens in only as the apiserver's review allows", async () => {
  const guard = new KubeletGuard(() => "agent-1");
  const asked: string[] = [];
  guard.secure(ca.certPem, (token, access) => {
    asked.push(`${token} ${access.verb} nodes/${access.subresource} ${access.node}`);
    if (token === "good") {
      return Promise.resolve({
        user: { name: "bob", uid: "1", groups: [] },
        allowed: access.subresource === "proxy",
      });
    }
    return Promise.resolve({ allowed: false });
  });
  const ok = await guard.check(get("/pods", { authorization: "Bearer good" }), undefined);
  assert.equal(ok, undefined);
  const metrics = await guard.check(get("/metrics", { authorization: "Bearer good" }), undefined);
  assert.equal(metrics?.status, 403);
  const bad = await guard.check(get("/pods", { authorization: "Bearer bad" }), undefined);
  assert.equal(bad?.status, 401);
  assert.deepEqual(asked, [
    "good get nodes/proxy agent-1",
    "good get nodes/metrics agent-1",
    "bad get nodes/proxy agent-1",
  ]);
});
