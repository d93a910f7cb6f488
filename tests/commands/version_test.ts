import assert from "node:assert/strict";
import { parse } from "yaml";
import { startTestApiServer } from "../_helpers/apiserver.ts";
import { runK8sm } from "./cli_runner.ts";

Deno.test("k8sm version prints client and server versions, as text, json and yaml", async () => {
  const server = await startTestApiServer("memory");
  try {
    const text = await runK8sm(["version", "-s", server.url]);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout, "Client Version: v0.1.0\nServer Version: v1.32.4-k8sm\n");
    const json = await runK8sm(["version", "-o", "json"], { KUBERNETES_MASTER: server.url });
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.clientVersion.gitVersion, "v0.1.0");
    assert.equal(doc.serverVersion.gitVersion, "v1.32.4-k8sm");
    assert.equal(doc.serverVersion.minor, "32");
    const yaml = await runK8sm(["version", "-o", "yaml", "--client", "-s", server.url]);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.deepEqual(
      Object.keys(parse(yaml.stdout)),
      ["clientVersion"],
      "--client skips the server",
    );
  } finally {
    await server.stop();
  }
});

Deno.test("k8sm version: an unreachable configured server is an error after the client version", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  const r = await runK8sm(["version", "-s", `http://127.0.0.1:${port}`]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "Client Version: v0.1.0\n");
  assert.match(
    r.stderr,
    new RegExp(`^error: cannot reach the API server at http://127\\.0\\.0\\.1:${port}`),
  );
});

Deno.test("k8sm version -o refuses an unknown format", async () => {
  const r = await runK8sm(["version", "--client", "-o", "wide"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--output "wide" is not one of json, yaml/);
});
