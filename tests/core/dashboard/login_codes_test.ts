/**
 * LoginCodes: a code is 32 random bytes in base64url, trades for its credential exactly once,
 * is refused once expired (by the store's clock), and the oldest unused code goes when the
 * store is full.
 */
import assert from "node:assert/strict";
import { LoginCodes } from "../../../core/dashboard/login_codes.ts";

const CREDENTIAL = { token: "t0ken", expires: "2030-01-01T00:00:00Z" };

Deno.test("LoginCodes: a code trades for its credential once; a second use and unknown codes get nothing", async () => {
  const codes = new LoginCodes();
  const minted = await codes.mint(CREDENTIAL);
  assert.match(minted.code, /^[A-Za-z0-9_-]{43}$/, "32 bytes in base64url");
  assert.equal(minted.tokenExpires, CREDENTIAL.expires);
  assert.equal(await codes.redeem("not-a-code"), undefined);
  assert.deepEqual(await codes.redeem(minted.code), CREDENTIAL);
  assert.equal(await codes.redeem(minted.code), undefined);
  assert.equal(codes.size, 0);
});

Deno.test("LoginCodes: a code past its lifetime is refused and forgotten", async () => {
  let now = Date.parse("2026-01-01T00:00:00Z");
  const codes = new LoginCodes({ seconds: 600, now: () => now });
  const minted = await codes.mint(CREDENTIAL);
  assert.equal(minted.expires, "2026-01-01T00:10:00Z");
  now += 600_000;
  assert.equal(await codes.redeem(minted.code), undefined);
  assert.equal(codes.size, 0);
});

Deno.test("LoginCodes: when full, minting drops the oldest unused code", async () => {
  const codes = new LoginCodes({ max: 2 });
  const first = await codes.mint(CREDENTIAL);
  const second = await codes.mint(CREDENTIAL);
  const third = await codes.mint(CREDENTIAL);
  assert.equal(codes.size, 2);
  assert.equal(await codes.redeem(first.code), undefined);
  assert.deepEqual(await codes.redeem(second.code), CREDENTIAL);
  assert.deepEqual(await codes.redeem(third.code), CREDENTIAL);
});
