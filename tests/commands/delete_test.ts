/** `k8sm delete`: by name (waiting until gone), -l, --all, -f, and a missing object. */
import assert from "node:assert/strict";
import { jsonBody, startTestApiServer, testPod } from "../_helpers/apiserver.ts";
import { runK8sm } from "./cli_runner.ts";
import { manifestDir } from "./cluster_state.ts";

const PODS = "/api/v1/namespaces/default/pods";

async function podNames(
  s: { json(p: string): Promise<{ body: Record<string, unknown> }> },
): Promise<string[]> {
  const items = (await s.json(PODS)).body.items as { metadata: { name: string } }[];
  return items.map((p) => p.metadata.name).sort();
}

Deno.test('k8sm delete: names, -l, --all and -f; each prints `pod "x" deleted` and is gone on return', async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "p.yaml": JSON.stringify(testPod("from-file")) });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    for (
      const [name, app] of [["a", "web"], ["b", "web"], ["c", "db"], ["d", "db"], [
        "from-file",
        "x",
      ]]
    ) {
      await s.json(PODS, jsonBody("POST", testPod(name, { app })));
    }
    const one = await runK8sm(["delete", "pod", "a"], env);
    assert.equal(one.stdout, `pod "a" deleted\n`);
    assert.deepEqual(await podNames(s), ["b", "c", "d", "from-file"]);

    const byLabel = await runK8sm(["delete", "pods", "-l", "app=web", "--wait=false"], env);
    assert.equal(byLabel.stdout, `pod "b" deleted\n`);

    const byFile = await runK8sm(["delete", "-f", `${dir}/p.yaml`], env);
    assert.equal(byFile.stdout, `pod "from-file" deleted\n`);

    const noName = await runK8sm(["delete", "pods"], env);
    assert.equal(noName.code, 1);
    assert.match(noName.stderr, /no name was specified; name them, or use -l SELECTOR or --all/);

    const all = await runK8sm(["delete", "po", "--all"], env);
    assert.equal(all.stdout, `pod "c" deleted\npod "d" deleted\n`);
    assert.deepEqual(await podNames(s), []);

    const missing = await runK8sm(["delete", "pod", "ghost"], env);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `error: pods "ghost" not found\n`);
    const ignored = await runK8sm(["delete", "pod", "ghost", "--ignore-not-found"], env);
    assert.equal(ignored.code, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});

Deno.test("k8sm delete waits for graceful deletion and says so when it times out", async () => {
  const s = await startTestApiServer("memory", { gracefulPodDeletion: true });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    await s.json(PODS, jsonBody("POST", testPod("slow")));
    const bound = await s.json(
      `${PODS}/slow/binding`,
      jsonBody("POST", {
        apiVersion: "v1",
        kind: "Binding",
        metadata: { name: "slow" },
        target: { kind: "Node", name: "n1" },
      }),
    );
    assert.equal(bound.status, 201, JSON.stringify(bound.body));
    const r = await runK8sm(["delete", "pod", "slow", "--timeout=1s"], env);
    assert.equal(r.stdout, `pod "slow" deleted\n`);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `error: timed out after 1s waiting for pods "slow" to be deleted; it may still be terminating\n`,
    );
    // The kubelet's part: confirm with a zero grace period; then delete returns at once.
    const gone = await runK8sm(["delete", "pod", "slow", "--grace-period=0"], env);
    assert.equal(gone.code, 0, gone.stderr);
    assert.deepEqual(await podNames(s), []);
  } finally {
    await s.stop();
  }
});

Deno.test("k8sm delete: a bad --grace-period or --timeout is one error line before anything is deleted", async () => {
  const s = await startTestApiServer();
  try {
    const env = { KUBERNETES_MASTER: s.url };
    for (const name of ["a", "b"]) await s.json(PODS, jsonBody("POST", testPod(name)));
    const grace = await runK8sm(["delete", "pods", "--all", "--grace-period=abc"], env);
    assert.equal(grace.code, 1);
    assert.equal(
      grace.stderr,
      'error: --grace-period must be a whole number of seconds (0 = immediately), not "abc"\n',
    );
    const timeout = await runK8sm(["delete", "pod", "a", "--timeout=soon"], env);
    assert.equal(timeout.code, 1);
    assert.match(timeout.stderr, /^error: --timeout: invalid duration "soon"; use a number/);
    assert.deepEqual(await podNames(s), ["a", "b"]);
  } finally {
    await s.stop();
  }
});
