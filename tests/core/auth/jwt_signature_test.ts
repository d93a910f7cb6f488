/**
 * JWS signature checks, remembered per key for the exact signed bytes and signature: a token
 * verified once verifies again, while a changed signature, changed claims or another key are
 * still refused after a good token was remembered.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { parseJwt, signJwt, verifyJwtSignature } from "../../../core/auth/jwt.ts";

function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    signing: { key: privateKey, alg: "ES256" as const, kid },
    verifying: { key: publicKey, alg: "ES256" as const, kid },
  };
}

Deno.test("a remembered signature still refuses forged signatures, claims and other keys", () => {
  const a = keyPair("a");
  const b = keyPair("b");
  const token = signJwt(a.signing, { sub: "alice", exp: 4_000_000_000 });
  const parsed = parseJwt(token)!;
  assert.equal(verifyJwtSignature(parsed, [a.verifying]), true);
  assert.equal(verifyJwtSignature(parseJwt(token)!, [a.verifying]), true, "again (remembered)");

  const [h, c, s] = token.split(".");
  const otherClaims = btoa(JSON.stringify({ sub: "mallory", exp: 4_000_000_000 }))
    .replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_");
  assert.equal(verifyJwtSignature(parseJwt(`${h}.${otherClaims}.${s}`)!, [a.verifying]), false);
  const flipped = s.slice(0, -2) + (s.endsWith("AA") ? "BB" : "AA");
  assert.equal(verifyJwtSignature(parseJwt(`${h}.${c}.${flipped}`)!, [a.verifying]), false);
  const bKidless = { ...b.verifying, kid: "a" };
  assert.equal(verifyJwtSignature(parsed, [bKidless]), false, "another key with the same kid");
});
