/**
 * Acceptance 6 through the whole stack: the real scheduler launches a pod on mesos-local, the
 * real executor runs it (process runtime) and publishes its log port on the Node, and
 * `kubectl logs` / `k8sm logs -f --tail` read the container's output through the apiserver's
 * `pods/{name}/log`.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startTestCluster } from "../_helpers/cluster.ts";
import { requires } from "../_helpers/requirements.ts";

const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

Deno.test({
  name: "kubectl logs and k8sm logs -f read a pod launched by the scheduler",
  ...requires("kubectl"),
}, async () => {
  const c = await startTestCluster({ scheduler: {}, executor: "real" });
  try {
    const pod: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "talker" },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{
          name: "main",
          image: "busybox",
          command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done"],
        }],
      },
    };
    await c.createPod(pod);
    await c.waitPod("talker", (p) => p.status?.phase === "Running", "talker Running");
    const kubectl = await waitFor(async () => {
      const o = await new Deno.Command("kubectl", {
        args: ["--server", c.api.url, "logs", "talker"],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const out = new TextDecoder().decode(o.stdout);
      return o.success && out.includes("tick-3") ? out : undefined;
    }, { what: "kubectl logs talker", timeoutMs: 30_000 });
    assert.match(kubectl, /^tick-1\ntick-2\ntick-3\n/);
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--config",
        CONFIG,
        CLI,
        "logs",
        "-f",
        "--tail",
        "1",
        "talker",
        "-s",
        c.api.url,
      ],
      stdout: "piped",
      stderr: "null",
      stdin: "null",
    }).spawn();
    let text = "";
    const reader = child.stdout.getReader();
    try {
      while ((text.match(/tick-/g) ?? []).length < 4) {
        const r = await reader.read();
        if (r.done) break;
        text += new TextDecoder().decode(r.value);
      }
    } finally {
      child.kill("SIGTERM");
      await reader.cancel().catch(() => {});
      await child.status;
    }
    const ticks = [...text.matchAll(/tick-(\d+)/g)].map((m) => Number(m[1]));
    assert.ok(ticks.length >= 4, `k8sm logs -f kept streaming (${text})`);
    assert.ok(ticks[0] > 1, "--tail 1 skipped the early lines");
    assert.deepEqual(ticks, ticks.map((_, i) => ticks[0] + i), "lines arrive in order, none lost");
  } finally {
    await c.close();
  }
});
