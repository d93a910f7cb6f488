/** Goldens of `k8sm get pods` (-o wide, yaml, name), multiple types, and `get -w`. */
import assert from "node:assert/strict";
import { jsonBody, startTestApiServer, testPod } from "../_helpers/apiserver.ts";
import { assertGolden, normalize, runK8sm } from "./cli_runner.ts";
import { makeRunning, manifestDir, WEB_MANIFESTS } from "./cluster_state.ts";

Deno.test("k8sm get pods: default, -o wide, -o yaml, -o name, -l, -A and several types", async () => {
  const s = await startTestApiServer();
  const dir = await manifestDir({ "web.yaml": WEB_MANIFESTS });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    assert.equal((await runK8sm(["create", "-f", `${dir}/web.yaml`], env)).code, 0);
    await makeRunning(s, "nginx", "agent-1", "10.1.0.5");

    const plain = await runK8sm(["get", "pods"], env);
    assert.equal(plain.code, 0, plain.stderr);
    await assertGolden("get_pods.txt", normalize(plain.stdout));

    const wide = await runK8sm(["get", "pods", "-o", "wide"], env);
    assert.equal(wide.code, 0, wide.stderr);
    await assertGolden("get_pods_wide.txt", normalize(wide.stdout));

    const yaml = await runK8sm(["get", "pod", "nginx", "-o", "yaml"], env);
    assert.equal(yaml.code, 0, yaml.stderr);
    await assertGolden("get_pod_yaml.txt", normalize(yaml.stdout));

    const name = await runK8sm(["get", "pods,rc", "-o", "name"], env);
    assert.equal(name.code, 0, name.stderr);
    await assertGolden("get_pods_rc_name.txt", name.stdout);

    const json = await runK8sm(["get", "pods", "-o", "json"], env);
    const list = JSON.parse(json.stdout);
    assert.equal(list.kind, "List");
    assert.equal(list.items[0].kind, "Pod");

    const other = await s.json(
      "/api/v1/namespaces",
      jsonBody("POST", { metadata: { name: "team" } }),
    );
    assert.equal(other.status, 201);
    await s.json(
      "/api/v1/namespaces/team/pods",
      jsonBody("POST", testPod("other", { name: "bar" })),
    );
    const all = await runK8sm(["get", "pods", "-A"], env);
    assert.deepEqual(all.stdout.split("\n").map((l) => l.split(/\s+/).slice(0, 2).join(" ")), [
      "NAMESPACE NAME",
      "default nginx",
      "team other",
      "",
    ]);
    const labelled = await runK8sm(
      ["get", "pods", "-n", "team", "-l", "name=bar", "-o", "name"],
      env,
    );
    assert.equal(labelled.stdout, "pod/other\n");
    const none = await runK8sm(["get", "pods", "-l", "name=nobody"], env);
    assert.equal(none.stdout, "");
    assert.equal(none.stderr, "No resources found in default namespace.\n");

    const missing = await runK8sm(["get", "pod", "nginx", "ghost"], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /^NAME\s+READY/);
    assert.equal(missing.stderr, `error: pods "ghost" not found\n`);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});

/** Runs `k8sm get …` in the background, creates then deletes pod `name`, and returns what it printed. */
async function watchWhile(
  args: string[],
  name: string,
  seen: (lines: string[]) => number,
): Promise<string[]> {
  const s = await startTestApiServer();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--no-check",
      new URL("../../cli/main.ts", import.meta.url).pathname,
      ...args,
    ],
    env: { KUBERNETES_MASTER: s.url, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  const readUntil = async (count: number) => {
    while (seen(lines) < count) {
      const { value, done } = await reader.read();
      if (done) {
        throw new Error(`k8sm ${args.join(" ")} ended early; printed:\n${lines.join("\n")}`);
      }
      buf += value;
      const parts = buf.split("\n");
      buf = parts.pop() ?? "";
      lines.push(...parts);
    }
  };
  try {
    // Created before or after the list, the pod shows up: in the list, or as a watch event
    // (the watch starts from the list's resourceVersion).
    await s.json("/api/v1/namespaces/default/pods", jsonBody("POST", testPod(name)));
    await readUntil(1);
    await s.json(`/api/v1/namespaces/default/pods/${name}`, { method: "DELETE" });
    await readUntil(2);
    return lines;
  } finally {
    child.kill("SIGTERM");
    await reader.cancel().catch(() => {});
    await child.status;
    await child.stderr.cancel();
    await s.stop();
  }
}

Deno.test("k8sm get pods -w prints rows as pods are created and deleted", async () => {
  const lines = await watchWhile(
    ["get", "pods", "-w"],
    "w1",
    (l) => l.filter((x) => x.startsWith("w1 ")).length,
  );
  assert.match(lines[0], /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
});

Deno.test("k8sm get pods -w -o name prints a name per change", async () => {
  const lines = await watchWhile(
    ["get", "pods", "-w", "-o", "name"],
    "w2",
    (l) => l.filter((x) => x === "pod/w2").length,
  );
  assert.ok(lines.every((l) => l === "pod/w2"), lines.join("\n"));
});

Deno.test("k8sm get against a server without Tables computes kubectl's columns itself", async () => {
  const s = await startTestApiServer("memory", { shapers: [] });
  const dir = await manifestDir({ "web.yaml": WEB_MANIFESTS });
  try {
    const env = { KUBERNETES_MASTER: s.url };
    assert.equal((await runK8sm(["create", "-f", `${dir}/web.yaml`], env)).code, 0);
    await makeRunning(s, "nginx", "agent-1", "10.1.0.5");
    const wide = await runK8sm(["get", "pods", "-o", "wide"], env);
    assert.equal(wide.code, 0, wide.stderr);
    assert.equal(
      normalize(wide.stdout),
      await Deno.readTextFile(new URL("./golden/get_pods_wide.txt", import.meta.url)),
    );
    const rc = await runK8sm(["get", "rc", "-o", "wide"], env);
    assert.match(
      rc.stdout,
      /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n/,
    );
    assert.match(
      rc.stdout,
      /\nnginx-controller\s+2\s+0\s+0\s+\S+\s+nginx\s+dockerfile\/nginx\s+name=nginx\n$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
    await s.stop();
  }
});
