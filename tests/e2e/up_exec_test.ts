/**
 * `kubectl exec` (output, exit code, stdin) against a whole `k8sm up` (secured by default,
 * process runtime): the scheduler launches the pod through mesos-local, the executor publishes
 * its kubelet endpoint and serving CA on its Node, and the apiserver relays the streams to it —
 * over kubectl's WebSocket path and its SPDY fallback.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { startUp } from "../_helpers/k8sm_up.ts";
import { runKubectl } from "../_helpers/kubectl_exec.ts";
import { requires } from "../_helpers/requirements.ts";
import { interruptAndCheck } from "../_helpers/story_checks.ts";

const POD = `apiVersion: v1
kind: Pod
metadata: {name: shell}
spec:
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", "while true; do echo tick; sleep 0.2; done"]
`;

Deno.test({
  name: "kubectl exec through a whole k8sm up, over WebSocket and SPDY",
  ...requires("kubectl"),
  fn: async (t) => {
    const up = await startUp(["--container-runtime", "process"]);
    const config = `${up.dataDir}/kubeconfig`;
    try {
      const manifest = `${up.home}/shell.yaml`;
      await Deno.writeTextFile(manifest, POD);
      const applied = await runKubectl(config, ["apply", "-f", manifest]);
      assert.equal(applied.code, 0, applied.stderr);
      await waitFor(async () => {
        const r = await runKubectl(config, [
          "get",
          "pod",
          "shell",
          "-o",
          "jsonpath={.status.phase}",
        ]);
        return new TextDecoder().decode(r.stdout) === "Running";
      }, { timeoutMs: 60_000, what: "pod shell to run" });
      const transports: [string, Record<string, string>][] = [
        ["WebSocket", {}],
        ["SPDY", { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: "false" }],
      ];
      for (const [name, env] of transports) {
        await t.step(`${name}: output, exit code and stdin`, async () => {
          const r = await runKubectl(
            config,
            ["exec", "shell", "--", "sh", "-c", "echo out; echo err >&2; exit 3"],
            { env },
          );
          assert.equal(r.code, 3, r.stderr);
          assert.equal(new TextDecoder().decode(r.stdout), "out\n");
          assert.match(r.stderr, /^err$/m);
          const cat = await runKubectl(config, ["exec", "-i", "shell", "--", "cat"], {
            env,
            stdin: new TextEncoder().encode("through the cluster\n"),
          });
          assert.equal(cat.code, 0, cat.stderr);
          assert.equal(new TextDecoder().decode(cat.stdout), "through the cluster\n");
        });
      }
    } finally {
      await interruptAndCheck(up, ["shell"]);
      await Deno.remove(up.home, { recursive: true });
    }
  },
});
