import assert from "node:assert/strict";
import { isPublicPath, tokenAuthenticator } from "../../../../core/apiserver/auth/authenticator.ts";
import { parseTokenFile } from "../../../../core/apiserver/auth/token_file.ts";

const tokens = parseTokenFile('good,alice,1,"g"');

Deno.test("authenticator: bearer tokens, 401 Status otherwise, health checks open", () => {
  const auth = tokenAuthenticator(tokens);
  const h = (v?: string) => new Headers(v ? { authorization: v } : {});
  assert.deepEqual(auth("/api/v1/pods", h("Bearer good")), {
    ok: true,
    user: { name: "alice", uid: "1", groups: ["g"] },
  });
  for (const bad of [undefined, "Bearer bad", "Basic Z29vZA==", "Bearer"]) {
    const r = auth("/api/v1/pods", h(bad));
    assert.equal(r.ok, false, String(bad));
    if (!r.ok) {
      assert.deepEqual(r.status, {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "Unauthorized",
        reason: "Unauthorized",
        code: 401,
      });
    }
  }
  for (const p of ["/healthz", "/readyz", "/livez", "/healthz/ping"]) {
    assert.equal(auth(p, h()).ok, true, p);
  }
  assert.equal(isPublicPath("/healthzx"), false);
  assert.equal(auth("/version", h()).ok, false);
  assert.deepEqual(tokenAuthenticator(undefined)("/api", h()), { ok: true });
});
