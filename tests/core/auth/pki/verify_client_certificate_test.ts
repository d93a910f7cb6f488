import assert from "node:assert/strict";
import {
  createCaCertificate,
  createClientCertificate,
  createServingCertificate,
} from "../../../../core/auth/pki/certificate.ts";
import { pemDecodeOne } from "../../../../core/auth/pki/pem.ts";
import { verifyClientCertificate } from "../../../../core/auth/pki/verify_client_certificate.ts";

const DAY_MS = 24 * 3600 * 1000;
const ca = createCaCertificate({ commonName: "client-ca" });
const der = (pem: string) => pemDecodeOne(pem, "CERTIFICATE", "test certificate");

Deno.test("a client certificate signed by a trusted CA yields its CN and O values", () => {
  const other = createCaCertificate({ commonName: "other" });
  const cl = createClientCertificate(ca, "alice", ["devs", "ops"]);
  const r = verifyClientCertificate([der(cl.certPem)], [other.certPem, ca.certPem]);
  assert.deepEqual(r, { user: "alice", groups: ["devs", "ops"] });
  const bundle = verifyClientCertificate([der(cl.certPem)], [other.certPem + ca.certPem]);
  assert.deepEqual(bundle, { user: "alice", groups: ["devs", "ops"] });
});

Deno.test("a certificate from an untrusted CA, or self-signed, is refused", () => {
  const other = createCaCertificate({ commonName: "client-ca" }); // same name, other key
  const cl = createClientCertificate(other, "mallory", ["system:masters"]);
  const r = verifyClientCertificate([der(cl.certPem)], [ca.certPem]);
  assert.deepEqual(r, { error: "the client certificate is not signed by a trusted client CA" });
  const selfSigned = verifyClientCertificate([der(other.certPem)], [ca.certPem]);
  assert.ok("error" in selfSigned);
  assert.deepEqual(verifyClientCertificate([], [ca.certPem]), {
    error: "no client certificate was presented",
  });
});

Deno.test("expired, not-yet-valid and server-only certificates are refused with the reason", () => {
  const cl = createClientCertificate(ca, "bob", [], {
    notAfter: new Date(Date.now() + DAY_MS),
  });
  const later = verifyClientCertificate(
    [der(cl.certPem)],
    [ca.certPem],
    new Date(Date.now() + 2 * DAY_MS),
  );
  assert.match("error" in later ? later.error : "", /certificate of "bob" expired at/);
  const earlier = verifyClientCertificate(
    [der(cl.certPem)],
    [ca.certPem],
    new Date(Date.now() - 2 * 3600_000),
  );
  assert.match("error" in earlier ? earlier.error : "", /is not valid before/);
  const srv = createServingCertificate(ca, { commonName: "web" }, ["localhost"]);
  const r = verifyClientCertificate([der(srv.certPem)], [ca.certPem]);
  assert.match("error" in r ? r.error : "", /not valid for client authentication/);
});
