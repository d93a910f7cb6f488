/**
 * The dashboard's files on a secured apiserver: `/ui/` is served to anyone with its content type
 * and a strict Content-Security-Policy, unknown files are 404, writes 405, `/ui` redirects, and
 * the API next to it still refuses anonymous requests.
 */
import assert from "node:assert/strict";
import { startSecuredApiServer } from "../../_helpers/secured_apiserver.ts";

Deno.test("dashboard: /ui/ serves the shipped files publicly with a strict CSP; the API stays closed", async () => {
  const api = await startSecuredApiServer();
  try {
    const anon = api.anonymous();
    const index = await anon.fetch("/ui/");
    assert.equal(index.status, 200);
    assert.equal(index.headers.get("content-type"), "text/html; charset=utf-8");
    const csp = index.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /connect-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(index.headers.get("x-content-type-options"), "nosniff");
    assert.match(await index.text(), /<script src="app.js" type="module">/);

    for (
      const [path, type] of [
        ["/ui/app.js", "text/javascript; charset=utf-8"],
        ["/ui/style.css", "text/css; charset=utf-8"],
        ["/ui/vendor/xterm.js", "text/javascript; charset=utf-8"],
      ]
    ) {
      const res = await anon.fetch(path);
      await res.body?.cancel();
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("content-type"), type, path);
    }

    const missing = await anon.fetch("/ui/secrets.json");
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).message, /no file secrets\.json/);

    const post = await anon.fetch("/ui/", { method: "POST", body: "{}" });
    await post.body?.cancel();
    assert.equal(post.status, 405);

    const bare = await anon.fetch("/ui", { redirect: "manual" });
    await bare.body?.cancel();
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get("location"), "/ui/");

    const data = await anon.fetch("/api/v1/pods");
    await data.body?.cancel();
    assert.equal(data.status, 401);
  } finally {
    await api.stop();
  }
});
