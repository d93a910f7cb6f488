import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { parseJwt, signingKeyFromPem, verifyKeysFromPem } from "../../../core/auth/jwt.ts";
import { serviceAccountTokenAuthenticator } from "../../../core/auth/service_account_authenticator.ts";
import {
  DEFAULT_SERVICE_ACCOUNT_ISSUER,
  issueServiceAccountToken,
} from "../../../core/auth/service_account_token.ts";

function pems(type: "ec" | "rsa") {
  const { privateKey, publicKey } = type === "ec"
    ? generateKeyPairSync("ec", { namedCurve: "P-256" })
    : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({
      type: type === "ec" ? "sec1" : "pkcs1",
      format: "pem",
    }) as string,
    publicPem: publicKey.export({ type: "spki", format: "pem" }) as string,
  };
}

const ec = pems("ec");
const key = signingKeyFromPem(ec.privatePem);
const accounts = new Map([["dev/builder", "uid-1"]]);
const pods = new Map([["dev/web", "pod-uid"]]);
let clock = Date.now();
const auth = serviceAccountTokenAuthenticator({
  keys: verifyKeysFromPem([ec.publicPem]),
  serviceAccountExists: (ns, name, uid) => Promise.resolve(accounts.get(`${ns}/${name}`) === uid),
  podExists: (ns, name, uid) => Promise.resolve(pods.get(`${ns}/${name}`) === uid),
  now: () => clock,
});
const spec = { namespace: "dev", name: "builder", uid: "uid-1" };

Deno.test("ServiceAccount token: ES256 round trip yields the SA user, groups and claims", async () => {
  clock = Date.now();
  const issued = issueServiceAccountToken(key, spec, { now: () => clock });
  const jwt = parseJwt(issued.token)!;
  assert.equal(jwt.header.alg, "ES256");
  assert.equal(jwt.header.kid, key.kid);
  assert.equal(jwt.claims.iss, DEFAULT_SERVICE_ACCOUNT_ISSUER);
  assert.equal(jwt.claims.sub, "system:serviceaccount:dev:builder");
  assert.deepEqual(jwt.claims.aud, [DEFAULT_SERVICE_ACCOUNT_ISSUER]);
  assert.equal((jwt.claims.exp as number) - (jwt.claims.iat as number), 3600, "default 1 h");
  assert.deepEqual(jwt.claims["kubernetes.io"], {
    namespace: "dev",
    serviceaccount: { name: "builder", uid: "uid-1" },
  });
  const verdict = await auth(issued.token);
  assert.ok(verdict && "user" in verdict, JSON.stringify(verdict));
  assert.equal(verdict.method, "serviceaccount");
  assert.equal(verdict.user.name, "system:serviceaccount:dev:builder");
  assert.equal(verdict.user.uid, "uid-1");
  assert.deepEqual(verdict.user.groups, ["system:serviceaccounts", "system:serviceaccounts:dev"]);
  assert.match(issued.expirationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

Deno.test("ServiceAccount token: refused once expired (and before nbf)", async () => {
  clock = Date.now();
  const { token } = issueServiceAccountToken(key, { ...spec, expirationSeconds: 600 }, {
    now: () => clock,
  });
  clock += 601_000;
  assert.deepEqual(await auth(token), { error: "service account token: the token has expired" });
  clock -= 3600_000;
  assert.match(JSON.stringify(await auth(token)), /not valid yet/);
  clock = Date.now();
});

Deno.test("ServiceAccount token: refused when signed by another key or tampered with", async () => {
  const other = signingKeyFromPem(pems("ec").privatePem);
  const forged = issueServiceAccountToken(other, spec).token;
  assert.deepEqual(await auth(forged), { error: "service account token: invalid signature" });
  const [h, , s] = issueServiceAccountToken(key, spec).token.split(".");
  const claims = btoa(
    JSON.stringify({
      iss: DEFAULT_SERVICE_ACCOUNT_ISSUER,
      sub: "system:serviceaccount:kube-system:admin",
    }),
  )
    .replaceAll("=", "");
  assert.match(JSON.stringify(await auth(`${h}.${claims}.${s}`)), /invalid signature/);
});

Deno.test("ServiceAccount token: refused for another audience", async () => {
  const { token } = issueServiceAccountToken(key, { ...spec, audiences: ["vault"] });
  assert.match(JSON.stringify(await auth(token)), /token audiences \[\\"vault\\"\] is invalid/);
});

Deno.test("ServiceAccount token: refused once the SA is deleted or recreated with a new uid", async () => {
  const { token } = issueServiceAccountToken(key, spec);
  accounts.set("dev/builder", "uid-2");
  try {
    assert.match(
      JSON.stringify(await auth(token)),
      /service account dev\/builder \(uid uid-1\) has been deleted/,
    );
  } finally {
    accounts.set("dev/builder", "uid-1");
  }
  assert.ok(await auth(token).then((v) => v && "user" in v));
});

Deno.test("ServiceAccount token: bound to a pod, it carries the pod and node and dies with the pod", async () => {
  const boundObject = {
    kind: "Pod" as const,
    name: "web",
    uid: "pod-uid",
    node: { name: "agent-1", uid: "n1" },
  };
  const { token } = issueServiceAccountToken(key, { ...spec, boundObject });
  const verdict = await auth(token);
  assert.ok(verdict && "user" in verdict);
  assert.deepEqual(verdict.user.extra?.["authentication.kubernetes.io/pod-name"], ["web"]);
  assert.deepEqual(verdict.user.extra?.["authentication.kubernetes.io/node-name"], ["agent-1"]);
  assert.match(
    verdict.user.extra?.["authentication.kubernetes.io/credential-id"]?.[0] ?? "",
    /^JTI=/,
  );
  pods.delete("dev/web");
  assert.match(JSON.stringify(await auth(token)), /pod dev\/web \(uid pod-uid\) has been deleted/);
});

Deno.test("ServiceAccount token: other issuers and non-JWTs are left to other authenticators", async () => {
  assert.equal(await auth("abc123"), undefined);
  const { token } = issueServiceAccountToken(key, spec, { issuer: "https://elsewhere" });
  assert.equal(await auth(token), undefined);
});

Deno.test("TokenRequest: at least 600 s, capped at the configured maximum", () => {
  assert.throws(
    () => issueServiceAccountToken(key, { ...spec, expirationSeconds: 599 }),
    /spec\.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes/,
  );
  const capped = issueServiceAccountToken(key, { ...spec, expirationSeconds: 86400 }, {
    maxExpirationSeconds: 7200,
  });
  assert.equal(capped.claims.exp - capped.claims.iat, 7200);
});

Deno.test("ServiceAccount token: an RSA key signs RS256 that verifies", async () => {
  const rsa = pems("rsa");
  const rsaAuth = serviceAccountTokenAuthenticator({
    keys: verifyKeysFromPem([rsa.privatePem]),
    serviceAccountExists: () => Promise.resolve(true),
  });
  const { token } = issueServiceAccountToken(signingKeyFromPem(rsa.privatePem), spec);
  assert.equal(parseJwt(token)?.header.alg, "RS256");
  const verdict = await rsaAuth(token);
  assert.ok(verdict && "user" in verdict, JSON.stringify(verdict));
});
