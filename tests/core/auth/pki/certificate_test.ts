import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import {
  createCaCertificate,
  createClientCertificate,
  createServingCertificate,
} from "../../../../core/auth/pki/certificate.ts";
import { parseCertificate } from "../../../../core/auth/pki/certificate_fields.ts";
import { pemDecodeOne } from "../../../../core/auth/pki/pem.ts";

/** Runs openssl with files written into a temp dir; returns its output and exit code. */
async function openssl(files: Record<string, string>, args: string[]) {
  const dir = await Deno.makeTempDir();
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    const out = await new Deno.Command("openssl", {
      args,
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    return { code: out.code, text };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const ca = createCaCertificate({ commonName: "test-ca" });

Deno.test("openssl reads the CA as a CA with keyCertSign, cRLSign and a key identifier", async () => {
  const r = await openssl({ "ca.crt": ca.certPem }, ["x509", "-text", "-noout", "-in", "ca.crt"]);
  assert.equal(r.code, 0, r.text);
  assert.match(r.text, /Version: 3/);
  assert.match(r.text, /Basic Constraints: critical\s+CA:TRUE/);
  assert.match(r.text, /Digital Signature, Certificate Sign, CRL Sign/);
  assert.match(r.text, /Subject Key Identifier/);
  assert.match(r.text, /ecdsa-with-SHA256/);
  assert.match(r.text, /NIST CURVE: P-256/);
  assert.match(r.text, /Issuer: CN\s?=\s?test-ca/);
});

Deno.test("a serving certificate carries DNS and IP SANs and verifies against its CA", async () => {
  const srv = createServingCertificate(ca, { commonName: "api" }, [
    "localhost",
    "node1.example.com",
    "127.0.0.1",
    "::1",
    "fd00::10:1",
  ]);
  const files = { "ca.crt": ca.certPem, "srv.crt": srv.certPem };
  const text = await openssl(files, ["x509", "-text", "-noout", "-in", "srv.crt"]);
  assert.equal(text.code, 0, text.text);
  assert.match(text.text, /TLS Web Server Authentication/);
  assert.match(text.text, /Authority Key Identifier/);
  assert.match(text.text, /DNS:localhost, DNS:node1.example.com, IP Address:127.0.0.1/);
  assert.match(text.text, /IP Address:0:0:0:0:0:0:0:1, IP Address:FD00:0:0:0:0:0:10:1/);
  const verify = await openssl(files, [
    "verify",
    "-CAfile",
    "ca.crt",
    "-purpose",
    "sslserver",
    "srv.crt",
  ]);
  assert.equal(verify.code, 0, verify.text);
  assert.match(verify.text, /srv.crt: OK/);
  const x = new X509Certificate(srv.certPem);
  assert.match(x.subjectAltName ?? "", /DNS:node1.example.com/);
  assert.match(x.subjectAltName ?? "", /IP Address:127.0.0.1/);
  assert.equal(x.checkIssued(new X509Certificate(ca.certPem)), true);
});

Deno.test("a client certificate names the user in CN and each group in its own O", async () => {
  const cl = createClientCertificate(ca, "admin", ["system:masters", "devs"]);
  const files = { "ca.crt": ca.certPem, "cl.crt": cl.certPem };
  const subject = await openssl(files, ["x509", "-noout", "-subject", "-in", "cl.crt"]);
  assert.match(subject.text, /O\s?=\s?system:masters, O\s?=\s?devs, CN\s?=\s?admin/);
  const verify = await openssl(files, [
    "verify",
    "-CAfile",
    "ca.crt",
    "-purpose",
    "sslclient",
    "cl.crt",
  ]);
  assert.equal(verify.code, 0, verify.text);
  const asServer = await openssl(files, [
    "verify",
    "-CAfile",
    "ca.crt",
    "-purpose",
    "sslserver",
    "cl.crt",
  ]);
  assert.notEqual(asServer.code, 0, "a client certificate must not pass as a server certificate");
  const x = new X509Certificate(cl.certPem);
  assert.match(x.subject, /CN=admin/);
  assert.match(x.subject, /O=system:masters/);
  assert.equal(x.verify(new X509Certificate(ca.certPem).publicKey), true);
});

Deno.test("serials are 16-byte positive and validity runs from an hour ago to notAfter", async () => {
  const now = new Date("2030-06-01T12:00:00Z");
  const notAfter = new Date("2060-01-02T03:04:05Z");
  const a = createClientCertificate(ca, "u", [], { now, notAfter });
  const b = createClientCertificate(ca, "u", [], { now, notAfter });
  const f = parseCertificate(pemDecodeOne(a.certPem, "CERTIFICATE", "test"));
  assert.equal(f.notBefore.toISOString(), "2030-06-01T11:00:00.000Z");
  assert.equal(f.notAfter.toISOString(), "2060-01-02T03:04:05.000Z");
  const serialA = new X509Certificate(a.certPem).serialNumber;
  assert.notEqual(serialA, new X509Certificate(b.certPem).serialNumber);
  const r = await openssl({ "a.crt": a.certPem }, [
    "x509",
    "-noout",
    "-serial",
    "-dates",
    "-in",
    "a.crt",
  ]);
  const hex = /serial=([0-9A-F]+)/.exec(r.text)?.[1] ?? "";
  assert.equal(hex.length, 32, r.text);
  assert.ok(parseInt(hex.slice(0, 2), 16) < 0x80, "serial must be positive");
  assert.match(r.text, /notAfter=Jan\s+2 03:04:05 2060 GMT/);
});

Deno.test("Deno.serve and Deno.createHttpClient complete a TLS handshake with the certificates", async () => {
  const srv = createServingCertificate(ca, { commonName: "api" }, ["localhost", "127.0.0.1"]);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, cert: srv.certPem, key: srv.keyPem, onListen: () => {} },
    () => new Response("secure hello"),
  );
  const client = Deno.createHttpClient({ caCerts: [ca.certPem] });
  try {
    for (const host of ["localhost", "127.0.0.1"]) {
      const res = await fetch(`https://${host}:${server.addr.port}/`, { client });
      assert.equal(await res.text(), "secure hello");
    }
    const other = createCaCertificate({ commonName: "other-ca" });
    const stranger = Deno.createHttpClient({ caCerts: [other.certPem] });
    await assert.rejects(fetch(`https://localhost:${server.addr.port}/`, { client: stranger }));
    stranger.close();
  } finally {
    client.close();
    await server.shutdown();
  }
});

Deno.test("a SAN that is neither a DNS name nor an IP address is refused with the value", () => {
  assert.throws(
    () => createServingCertificate(ca, { commonName: "x" }, ["bad name!"]),
    /"bad name!" is neither an IP address nor a DNS name/,
  );
});
