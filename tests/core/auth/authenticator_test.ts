import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import {
  bearerAuthenticator,
  isPublicPath,
  staticTokenAuthenticator,
  unionAuthenticator,
} from "../../../core/auth/authenticator.ts";
import { signingKeyFromPem, verifyKeysFromPem } from "../../../core/auth/jwt.ts";
import { serviceAccountTokenAuthenticator } from "../../../core/auth/service_account_authenticator.ts";
import { issueServiceAccountToken } from "../../../core/auth/service_account_token.ts";
import { parseTokenFile } from "../../../core/auth/token_file.ts";
import { x509Authenticator } from "../../../core/auth/x509_authenticator.ts";

const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
const key = signingKeyFromPem(pem);

const authenticate = unionAuthenticator(
  x509Authenticator((chain) =>
    chain[0][0] === 7 ? { user: "cert-user", groups: ["certs"] } : { error: "untrusted" }
  ),
  bearerAuthenticator(
    staticTokenAuthenticator(parseTokenFile('static-token,alice,1001,"devs,system:authenticated"')),
    serviceAccountTokenAuthenticator({
      keys: verifyKeysFromPem([pem]),
      serviceAccountExists: () => Promise.resolve(true),
    }),
  ),
);

const get = (authorization?: string) =>
  new Request("https://k8sm.test/api/v1/namespaces/default/pods", {
    headers: authorization ? { authorization } : {},
  });

Deno.test("authenticator: a static token names its user; system:authenticated appears once", async () => {
  assert.deepEqual(await authenticate(get("Bearer static-token"), undefined), {
    kind: "authenticated",
    method: "token-file",
    user: { name: "alice", uid: "1001", groups: ["devs", "system:authenticated"] },
  });
});

Deno.test("authenticator: a ServiceAccount token through the same bearer chain", async () => {
  const { token } = issueServiceAccountToken(key, { namespace: "ci", name: "bot", uid: "u1" });
  const outcome = await authenticate(get(`Bearer ${token}`), undefined);
  assert.equal(outcome.kind, "authenticated");
  if (outcome.kind !== "authenticated") return;
  assert.equal(outcome.method, "serviceaccount");
  assert.deepEqual(outcome.user.groups, [
    "system:serviceaccounts",
    "system:serviceaccounts:ci",
    "system:authenticated",
  ]);
});

Deno.test("authenticator: a client certificate wins; a bad one still lets a good token through", async () => {
  const cert = await authenticate(get(), { peerCertificates: [new Uint8Array([7])] });
  assert.deepEqual(cert, {
    kind: "authenticated",
    method: "x509",
    user: { name: "cert-user", uid: "", groups: ["certs", "system:authenticated"] },
  });
  const both = await authenticate(get("Bearer static-token"), {
    peerCertificates: [new Uint8Array([8])],
  });
  assert.equal(both.kind === "authenticated" && both.user.name, "alice");
});

Deno.test("authenticator: unknown bearer tokens are rejected, never anonymous", async () => {
  assert.deepEqual(await authenticate(get("Bearer nope"), undefined), {
    kind: "rejected",
    reason: "invalid bearer token",
  });
  const other = signingKeyFromPem(
    generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    }) as string,
  );
  const forged = issueServiceAccountToken(other, { namespace: "ci", name: "bot", uid: "u1" });
  assert.deepEqual(await authenticate(get(`Bearer ${forged.token}`), undefined), {
    kind: "rejected",
    reason: "service account token: invalid signature",
  });
  const badCert = await authenticate(get(), { peerCertificates: [new Uint8Array([8])] });
  assert.deepEqual(badCert, { kind: "rejected", reason: "x509: untrusted" });
});

Deno.test("authenticator: no credential (or another scheme) is no-credentials", async () => {
  assert.deepEqual(await authenticate(get(), undefined), { kind: "no-credentials" });
  assert.deepEqual(await authenticate(get("Basic YWxpY2U6cHc="), {}), { kind: "no-credentials" });
});

Deno.test("isPublicPath: only the health endpoints and their sub-checks", () => {
  for (const p of ["/healthz", "/livez", "/readyz", "/readyz/etcd", "/healthz/ping"]) {
    assert.equal(isPublicPath(p), true, p);
  }
  for (const p of ["/version", "/api", "/healthzz", "/metrics", "/openapi/v2", "/"]) {
    assert.equal(isPublicPath(p), false, p);
  }
});
