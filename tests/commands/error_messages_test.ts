/** Golden error lines of the client commands that need no API server. */
import assert from "node:assert/strict";
import { assertGolden, normalize, runK8sm } from "./cli_runner.ts";

function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("k8sm create -f with a missing file: one error line, exit 1", async () => {
  const r = await runK8sm(["create", "-f", "no-such-file.yaml"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  await assertGolden("error_missing_file.txt", r.stderr);
});

Deno.test("k8sm create -f with invalid YAML names the file and its line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-golden-" });
  try {
    const file = `${dir}/bad.yaml`;
    await Deno.writeTextFile(
      file,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\n\tlabels: {}\n",
    );
    const r = await runK8sm(["create", "-f", file]);
    assert.equal(r.code, 1);
    await assertGolden("error_invalid_yaml.txt", r.stderr.replaceAll(dir, "DIR"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("k8sm with an unreachable server names the URL it tried and how to set another", async () => {
  const server = `http://127.0.0.1:${closedPort()}`;
  const viaFlag = await runK8sm(["get", "pods", "-s", server]);
  assert.equal(viaFlag.code, 1);
  await assertGolden("error_unreachable.txt", normalize(viaFlag.stderr, server));
  const viaEnv = await runK8sm(["list", "pods"], { KUBERNETES_MASTER: server });
  assert.equal(viaEnv.code, 1);
  assert.equal(normalize(viaEnv.stderr, server), normalize(viaFlag.stderr, server));
});

Deno.test("k8sm get with an unknown type or output format explains what is allowed", async () => {
  const r = await runK8sm(["get", "gizmos"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: the server doesn't have a resource type "gizmos"; known types: /);
  const o = await runK8sm(["get", "pods", "-o", "xml"]);
  assert.equal(o.code, 1);
  assert.match(o.stderr, /allowed formats are: json,name,wide,yaml/);
});

Deno.test("k8sm get without a type says which types to name", async () => {
  const r = await runK8sm(["get"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: you must specify the type of resource to get, e\.g\. "pods"/);
});

Deno.test("k8sm logs checks --tail before asking the server", async () => {
  for (const text of ["", "ten", "1.5"]) {
    const r = await runK8sm(["logs", "p", `--tail=${text}`], {
      KUBERNETES_MASTER: `http://127.0.0.1:${closedPort()}`,
    });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `error: --tail must be a whole number of lines (-1 for all), not "${text}"\n`,
    );
  }
});

Deno.test("k8sm create -n refuses a manifest of another namespace before asking the server", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-ns-" });
  try {
    const file = `${dir}/p.yaml`;
    await Deno.writeTextFile(
      file,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: other\n",
    );
    const r = await runK8sm(["create", "-f", file, "-n", "default"], {
      KUBERNETES_MASTER: `http://127.0.0.1:${closedPort()}`,
    });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.replaceAll(dir, "DIR"),
      'error: the namespace from the provided object "other" does not match the namespace ' +
        '"default"; pass --namespace=other or remove the namespace from DIR/p.yaml\n',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
