/**
 * `k8sm logs`: picks the container like kubectl, passes -c/--tail/--timestamps/-f as query
 * parameters and streams the body. The pods/log subresource is served here by a stand-in for
 * the executor's log access (no executor runs in this test); the apiserver is real.
 */
import assert from "node:assert/strict";
import { jsonBody, startTestApiServer } from "../_helpers/apiserver.ts";
import { runK8sm } from "./cli_runner.ts";

function logHandler(_req: Request, ri: unknown): Promise<Response> {
  const url = new URL(_req.url);
  const q = [...url.searchParams].map(([k, v]) => `${k}=${v}`).sort().join("&");
  const name = (ri as { name?: string }).name ?? "";
  const body = `log of ${name}: ${q}\nline 2\n`;
  return Promise.resolve(new Response(body, { headers: { "content-type": "text/plain" } }));
}

Deno.test("k8sm logs: default container, -c, --tail, --timestamps, and errors", async () => {
  const s = await startTestApiServer("memory", {
    subresources: new Map([["pods/log", logHandler]]),
  });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "two" },
      spec: {
        containers: [{ name: "app", image: "busybox" }, { name: "sidecar", image: "busybox" }],
      },
    };
    assert.equal(
      (await s.json("/api/v1/namespaces/default/pods", jsonBody("POST", pod))).status,
      201,
    );

    const dflt = await runK8sm(["logs", "two"], env);
    assert.equal(dflt.code, 0, dflt.stderr);
    assert.equal(dflt.stdout, "log of two: container=app\nline 2\n");
    assert.equal(dflt.stderr, `Defaulted container "app" out of: app, sidecar\n`);

    const picked = await runK8sm([
      "logs",
      "pod/two",
      "-c",
      "sidecar",
      "--tail",
      "5",
      "--timestamps",
    ], env);
    assert.equal(
      picked.stdout,
      "log of two: container=sidecar&tailLines=5&timestamps=true\nline 2\n",
    );

    const wrong = await runK8sm(["logs", "two", "-c", "nope"], env);
    assert.equal(wrong.code, 1);
    assert.equal(
      wrong.stderr,
      `error: container "nope" is not in pod "two"; its containers are app, sidecar\n`,
    );

    const missing = await runK8sm(["logs", "ghost"], env);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `error: pods "ghost" not found\n`);
  } finally {
    await s.stop();
  }
});
