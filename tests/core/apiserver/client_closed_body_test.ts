import assert from "node:assert/strict";
import { ClientClosedError } from "../../../core/apiserver/client_closed_error.ts";
import { serveHttp } from "../../../core/apiserver/https_front.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer, testPod } from "../../_helpers/apiserver.ts";

/** Sends a PATCH whose body stops after 10 of its bytes, then closes the connection. */
async function halfSentPatch(port: number, path: string): Promise<void> {
  const body = JSON.stringify({ status: { phase: "Running", message: "x".repeat(200) } });
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const head = `PATCH ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
    `Content-Type: application/merge-patch+json\r\nContent-Length: ${body.length}\r\n\r\n`;
  await conn.write(new TextEncoder().encode(head + body.slice(0, 10)));
  conn.close();
}

Deno.test("a request body cut off by the client fails to read with ClientClosedError", async () => {
  const seen = Promise.withResolvers<unknown>();
  const server = await serveHttp(async (req) => {
    try {
      await req.text();
      seen.resolve(undefined);
    } catch (e) {
      seen.resolve(e);
    }
    return new Response("done");
  }, { hostname: "127.0.0.1", port: 0 });
  try {
    await halfSentPatch(server.addr.port, "/x");
    const e = await seen.promise;
    assert.ok(e instanceof ClientClosedError, `expected ClientClosedError, got ${e}`);
    assert.match(e.message, /closed the connection before sending the whole request body/);
  } finally {
    await server.shutdown();
  }
});

Deno.test("the apiserver counts a pod status PATCH cut off by the client as 400, not a 500", async () => {
  const api = await startTestApiServer("memory");
  try {
    const created = await fetch(`${api.url}/api/v1/namespaces/default/pods`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(testPod("half")),
    });
    assert.equal(created.status, 201, await created.text());
    const port = Number(new URL(api.url).port);
    await halfSentPatch(port, "/api/v1/namespaces/default/pods/half/status");
    const line = (m: string) =>
      m.split("\n").find((l) =>
        l.startsWith("apiserver_request_total{") && l.includes('verb="PATCH"') &&
        l.includes('resource="pods/status"')
      );
    let metrics = "";
    await waitFor(async () => {
      metrics = await (await fetch(`${api.url}/metrics`)).text();
      return line(metrics) !== undefined;
    }, { timeoutMs: 20_000, what: "the cut-off PATCH to be counted" });
    assert.match(line(metrics)!, /code="400"/);
    assert.ok(!/code="500"/.test(metrics), "no request was answered 500");
  } finally {
    await api.stop();
  }
});
