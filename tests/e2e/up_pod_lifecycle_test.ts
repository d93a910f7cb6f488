/**
 * Kubelet-grade pod lifecycle on a whole `k8sm up` (process runtime) with real kubectl:
 * graceful deletion (Terminating, SIGTERM before SIGKILL at `--grace-period`, the object removed
 * once the containers stopped), `--force --grace-period=0` removing at once, and a finished pod
 * leaving no process behind.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { startUp } from "../_helpers/k8sm_up.ts";
import { runKubectl } from "../_helpers/kubectl_exec.ts";
import { requires } from "../_helpers/requirements.ts";
import { interruptAndCheck } from "../_helpers/story_checks.ts";

/** A pod whose shell traps SIGTERM, writes `marker`, and keeps running until SIGKILL. */
function trapPod(name: string, marker: string): string {
  const script = `trap 'echo TERM > ${marker}' TERM; while true; do sleep 0.1; done`;
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 30
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", ${JSON.stringify(script)}]
`;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test({
  name: "kubectl delete pod on k8sm up: Terminating, SIGTERM then SIGKILL at the grace, --force",
  ...requires("kubectl"),
  fn: async (t) => {
    const up = await startUp(["--container-runtime", "process"]);
    const config = `${up.dataDir}/kubeconfig`;
    const kubectl = async (...args: string[]) => {
      const r = await runKubectl(config, args);
      assert.equal(r.code, 0, `kubectl ${args.join(" ")}: ${r.stderr}`);
      return text(r.stdout);
    };
    const running = (name: string) =>
      waitFor(async () => {
        const r = await runKubectl(config, ["get", "pod", name, "-o", "jsonpath={.status.phase}"]);
        return text(r.stdout) === "Running";
      }, { timeoutMs: 60_000, what: `pod ${name} to run` });
    const gone = async (name: string) =>
      (await runKubectl(config, ["get", "pod", name])).stderr.includes("NotFound");
    try {
      const marker = `${up.home}/term-marker`;
      await Deno.writeTextFile(`${up.home}/slow.yaml`, trapPod("slow", marker));
      await Deno.writeTextFile(`${up.home}/fast.yaml`, trapPod("fast", `${up.home}/unused`));
      await kubectl("apply", "-f", `${up.home}/slow.yaml`, "-f", `${up.home}/fast.yaml`);
      await running("slow");
      await running("fast");

      await t.step("graceful: Terminating, SIGTERM, removed after the grace period", async () => {
        await kubectl("delete", "pod", "slow", "--grace-period=3", "--wait=false");
        const meta = JSON.parse(await kubectl("get", "pod", "slow", "-o", "json")).metadata;
        assert.ok(meta.deletionTimestamp, "the pod has a deletionTimestamp");
        assert.equal(meta.deletionGracePeriodSeconds, 3);
        assert.match(await kubectl("get", "pod", "slow"), /slow\s+\S+\s+Terminating/);
        await waitFor(async () => {
          try {
            return (await Deno.readTextFile(marker)).trim() === "TERM";
          } catch {
            return false;
          }
        }, { timeoutMs: 20_000, what: "the container's SIGTERM trap to run" });
        await waitFor(() => gone("slow"), {
          timeoutMs: 30_000,
          what: "the pod to be removed once its SIGTERM-ignoring process was killed",
        });
      });

      await t.step("--force --grace-period=0 removes the pod at once", async () => {
        await kubectl("delete", "pod", "fast", "--force", "--grace-period=0", "--wait=false");
        assert.ok(await gone("fast"), "the object is gone right after the delete");
      });
    } finally {
      await interruptAndCheck(up, ["slow", "fast"]);
      await Deno.remove(up.home, { recursive: true });
    }
  },
});
