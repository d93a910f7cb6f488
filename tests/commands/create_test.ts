/** `k8sm create`: files, directories, stdin, the seed's `-c FILE create pods`, and server errors. */
import assert from "node:assert/strict";
import { startTestApiServer } from "../_helpers/apiserver.ts";
import { assertGolden, runK8sm } from "./cli_runner.ts";
import { manifestDir } from "./cluster_state.ts";

const POD_JSON = JSON.stringify({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "from-json" },
  spec: { containers: [{ name: "c", image: "busybox" }] },
});

const SVC_YAML = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

Deno.test("k8sm create -f: JSON, a directory, stdin and a List, printing kind/name created", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "a.json": POD_JSON, "b.yaml": SVC_YAML });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    const r = await runK8sm(["create", "-f", dir], env);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "pod/from-json created\nservice/web created\n");
    const list = JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } }],
    });
    const fromStdin = await runK8sm(["create", "-f", "-"], env, list);
    assert.equal(fromStdin.stdout, "namespace/team created\n");
    const again = await runK8sm(["create", "-f", `${dir}/b.yaml`], env);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `error: services "web" already exists\n`);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});

Deno.test("k8sm -c FILE create pods: the seed's kubecfg form", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "pod.json": POD_JSON });
  try {
    const r = await runK8sm(["-c", `${dir}/pod.json`, "create", "pods"], {
      KUBERNETES_MASTER: s.url,
    });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "pod/from-json created\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});

Deno.test("k8sm create of an invalid object prints the server's causes on one line", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({
    "bad.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers: []\n",
  });
  try {
    const r = await runK8sm(["create", "-f", `${dir}/bad.yaml`], { KUBERNETES_MASTER: s.url });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    await assertGolden("error_invalid_object.txt", r.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});
