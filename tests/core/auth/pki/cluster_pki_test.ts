import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { loadOrCreateClusterPki } from "../../../../core/auth/pki/cluster_pki.ts";

const DAY_MS = 24 * 3600 * 1000;

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function mode(path: string): number {
  return (Deno.statSync(path).mode ?? 0) & 0o777;
}

Deno.test("a new cluster PKI writes CA, serving cert and service-account keys with private modes", () =>
  withDir(async (dir) => {
    const pki = await loadOrCreateClusterPki(dir, { sans: ["10.1.2.3", "api.example.com"] });
    const tls = `${dir}/tls`;
    for (
      const f of [
        "ca.crt",
        "ca.key",
        "server.crt",
        "server.key",
        "service-account.key",
        "service-account.pub",
      ]
    ) {
      assert.ok(Deno.statSync(`${tls}/${f}`).isFile, `${f} should exist`);
    }
    assert.equal(mode(tls), 0o700);
    for (const f of ["ca.key", "server.key", "service-account.key"]) {
      assert.equal(mode(`${tls}/${f}`), 0o600, f);
    }
    const ca = new X509Certificate(await Deno.readTextFile(`${tls}/ca.crt`));
    assert.equal(ca.ca, true);
    const caYears = (Date.parse(ca.validTo) - Date.now()) / (365 * DAY_MS);
    assert.ok(caYears > 9.9 && caYears < 10.1, `CA valid for ${caYears} years`);
    const srv = new X509Certificate(await Deno.readTextFile(`${tls}/server.crt`));
    const sans = srv.subjectAltName ?? "";
    for (
      const want of [
        "DNS:localhost",
        "IP Address:127.0.0.1",
        "IP Address:10.1.2.3",
        "DNS:api.example.com",
      ]
    ) {
      assert.ok(sans.includes(want), `${want} missing from ${sans}`);
    }
    assert.ok(sans.includes(`DNS:${Deno.hostname()}`), `host name missing from ${sans}`);
    assert.ok(/IP Address:(::1|0:0:0:0:0:0:0:1)/.test(sans), sans);
    assert.equal(srv.verify(ca.publicKey), true);
    assert.match(pki.serviceAccount.keyPem, /BEGIN PRIVATE KEY/);
    assert.match(pki.serviceAccount.publicKeyPem, /BEGIN PUBLIC KEY/);
  }));

Deno.test("a restart reuses every file; new SANs or near expiry renew only the serving cert", () =>
  withDir(async (dir) => {
    const first = await loadOrCreateClusterPki(dir, { sans: ["10.1.2.3"] });
    const again = await loadOrCreateClusterPki(dir, { sans: ["10.1.2.3"] });
    assert.equal(again.ca.certPem, first.ca.certPem);
    assert.equal(again.server.certPem, first.server.certPem);
    assert.equal(again.serviceAccount.keyPem, first.serviceAccount.keyPem);

    const wider = await loadOrCreateClusterPki(dir, { sans: ["10.9.9.9"] });
    assert.equal(wider.ca.certPem, first.ca.certPem);
    assert.notEqual(wider.server.certPem, first.server.certPem);
    const sans = new X509Certificate(wider.server.certPem).subjectAltName ?? "";
    assert.ok(sans.includes("10.9.9.9") && sans.includes("10.1.2.3"), sans);

    const later = new Date(Date.now() + 340 * DAY_MS);
    const renewed = await loadOrCreateClusterPki(dir, { sans: ["10.9.9.9"], now: later });
    assert.notEqual(renewed.server.certPem, wider.server.certPem);
    assert.equal(renewed.ca.certPem, first.ca.certPem);
    assert.equal(mode(`${dir}/tls/server.key`), 0o600);
  }));

Deno.test("client certificates are issued once per identity and re-issued when groups change", () =>
  withDir(async (dir) => {
    const pki = await loadOrCreateClusterPki(dir);
    const admin = await pki.issueClientCert("admin", ["system:masters"]);
    assert.equal(admin.certFile, `${dir}/tls/admin.crt`);
    assert.equal(mode(admin.keyFile), 0o600);
    const x = new X509Certificate(admin.certPem);
    assert.match(x.subject, /CN=admin/);
    assert.match(x.subject, /O=system:masters/);
    assert.equal((await pki.issueClientCert("admin", ["system:masters"])).certPem, admin.certPem);
    const regrouped = await pki.issueClientCert("admin", ["system:masters", "ops"]);
    assert.notEqual(regrouped.certPem, admin.certPem);
    const sched = await pki.issueClientCert("scheduler", [], { user: "system:kube-scheduler" });
    assert.match(new X509Certificate(sched.certPem).subject, /CN=system:kube-scheduler/);
    await assert.rejects(pki.issueClientCert("../evil", []), /cannot be a file name/);
  }));

Deno.test("a CA key that does not match the CA certificate is an error naming both files", () =>
  withDir(async (dir) => {
    await loadOrCreateClusterPki(dir);
    await Deno.copyFile(`${dir}/tls/server.key`, `${dir}/tls/ca.key`);
    await assert.rejects(
      loadOrCreateClusterPki(dir),
      /ca\.key does not belong to the CA certificate/,
    );
  }));
