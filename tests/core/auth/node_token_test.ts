import assert from "node:assert/strict";
import { generateEcKeyPair } from "../../../core/auth/pki/certificate.ts";
import { signingKeyFromPem, verifyKeysFromPem } from "../../../core/auth/jwt.ts";
import { issueNodeToken, nodeTokenAuthenticator } from "../../../core/auth/node_token.ts";

const pair = generateEcKeyPair();
const key = signingKeyFromPem(pair.privateKeyPem);
const keys = verifyKeysFromPem([pair.publicKeyPem]);
const nodes = new Set(["agent-1"]);
const auth = nodeTokenAuthenticator({ keys, nodeExists: (n) => Promise.resolve(nodes.has(n)) });

Deno.test("a node token authenticates as system:node:<name> in system:nodes", async () => {
  const { token, expirationTimestamp } = issueNodeToken(key, "agent-1");
  const verdict = await auth(token);
  assert.ok(verdict && "user" in verdict, JSON.stringify(verdict));
  assert.equal(verdict.user.name, "system:node:agent-1");
  assert.deepEqual(verdict.user.groups, ["system:nodes"]);
  assert.match(expirationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

Deno.test("node tokens are refused when expired, foreign-signed, or for a deleted node", async () => {
  const old = issueNodeToken(key, "agent-1", 600, () => Date.now() - 3600_000).token;
  assert.match(JSON.stringify(await auth(old)), /expired/);
  const other = signingKeyFromPem(generateEcKeyPair().privateKeyPem);
  assert.match(JSON.stringify(await auth(issueNodeToken(other, "agent-1").token)), /signature/);
  assert.match(JSON.stringify(await auth(issueNodeToken(key, "gone").token)), /does not exist/);
  assert.equal(await auth("not-a-jwt"), undefined, "other tokens are left to other authenticators");
  assert.throws(() => issueNodeToken(key, "agent-1", 60), /less than 600 seconds/);
});
