import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startTestApiServer } from "../_helpers/apiserver.ts";

const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;

/** Spawns `k8sm <args>` collecting stderr. */
function spawn(args: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let err = "";
  const pump = (async () => {
    for await (const t of child.stderr.pipeThrough(new TextDecoderStream())) err += t;
  })();
  return {
    stderr: () => err,
    async interrupt() {
      child.kill("SIGINT");
      const s = await child.status;
      await pump;
      return s.code;
    },
  };
}

Deno.test("k8sm controller-manager takes the seed's -master and -mesos_master and replicates", async () => {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  const hostPort = api.url.replace(/^http:\/\//, "");
  const cm = spawn([
    "controller-manager",
    `-master=${hostPort}`,
    "-mesos_master=127.0.0.1:5050",
    "--concurrent-rc-syncs=2",
    "--port=0",
    "-v=2",
  ]);
  try {
    await client.create({ resource: "replicationcontrollers", namespace: "default" }, {
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "cmd" },
      spec: {
        replicas: 3,
        selector: { app: "cmd" },
        template: {
          metadata: { labels: { app: "cmd" } },
          spec: { containers: [{ name: "c", image: "x" }] },
        },
      },
    });
    const pods = await waitFor(async () => {
      const l = await client.list<Pod>({ resource: "pods", namespace: "default" });
      return l.items.length === 3 ? l.items : undefined;
    }, { timeoutMs: 30_000, what: "3 pods from the controller-manager" });
    assert.ok(pods.every((p) => p.metadata.name?.startsWith("cmd-")));
  } finally {
    const code = await cm.interrupt();
    client.close();
    await api.stop();
    assert.equal(code, 0, cm.stderr());
    assert.match(cm.stderr(), /controllers running against http:\/\/127\.0\.0\.1:\d+/);
  }
});
