/**
 * Kubelet-grade pod lifecycle on a whole `k8sm up` (process runtime) with real kubectl:
 * graceful deletion (Terminating, SIGTERM before SIGKILL at `--grace-period`, the object removed
 * once the containers stopped), `--force --grace-period=0` removing at once, a changed image
 * restarting its container (the executor's pod watch), kubelet events, and Node nodeInfo.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { startUp } from "../_helpers/k8sm_up.ts";
import { runKubectl } from "../_helpers/kubectl_exec.ts";
import { requires } from "../_helpers/requirements.ts";
import { interruptAndCheck } from "../_helpers/story_checks.ts";

/**
 * A pod whose shell traps SIGTERM, writes `marker`, and keeps running until SIGKILL (or exits);
 * its postStart and preStop hooks (exec) append "postStart" / "preStop" to `hooks` if given.
 */
function trapPod(name: string, marker: string, exitOnTerm = false, hooks?: string): string {
  const onTerm = `echo TERM > ${marker}${exitOnTerm ? "; exit 0" : ""}`;
  const script = `trap '${onTerm}' TERM; while true; do sleep 0.1; done`;
  const hook = (word: string) => JSON.stringify(["sh", "-c", `echo ${word} >> ${hooks}`]);
  const lifecycle = hooks === undefined ? "" : `    lifecycle:
      postStart: {exec: {command: ${hook("postStart")}}}
      preStop: {exec: {command: ${hook("preStop")}}}
`;
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 30
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", ${JSON.stringify(script)}]
${lifecycle}`;
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
      const hooks = `${up.home}/hooks`;
      await Deno.writeTextFile(`${up.home}/slow.yaml`, trapPod("slow", marker, false, hooks));
      await Deno.writeTextFile(`${up.home}/fast.yaml`, trapPod("fast", `${up.home}/unused`));
      await kubectl("apply", "-f", `${up.home}/slow.yaml`, "-f", `${up.home}/fast.yaml`);
      await running("slow");
      await running("fast");

      await t.step("graceful: Terminating, preStop, SIGTERM, removed after the grace", async () => {
        assert.equal(await Deno.readTextFile(hooks), "postStart\n", "postStart ran once");
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
        assert.equal(
          await Deno.readTextFile(hooks),
          "postStart\npreStop\n",
          "the preStop hook ran before the SIGTERM",
        );
        await waitFor(() => gone("slow"), {
          timeoutMs: 30_000,
          what: "the pod to be removed once its SIGTERM-ignoring process was killed",
        });
      });

      await t.step("--force --grace-period=0 removes the pod at once", async () => {
        await kubectl("delete", "pod", "fast", "--force", "--grace-period=0", "--wait=false");
        assert.ok(await gone("fast"), "the object is gone right after the delete");
      });

      await t.step(
        "a changed image restarts the container with it (kubectl set image)",
        async () => {
          await Deno.writeTextFile(
            `${up.home}/img.yaml`,
            trapPod("img", `${up.home}/img-term`, true),
          );
          await kubectl("apply", "-f", `${up.home}/img.yaml`);
          await running("img");
          const before = JSON.parse(await kubectl("get", "pod", "img", "-o", "json"));
          const firstId = before.status.containerStatuses[0].containerID;
          await kubectl("set", "image", "pod/img", "main=busybox:1.37");
          const after = await waitFor(async () => {
            const p = JSON.parse(await kubectl("get", "pod", "img", "-o", "json"));
            const c = p.status?.containerStatuses?.[0];
            return c?.image === "busybox:1.37" && c.state?.running && c.containerID !== firstId
              ? c
              : undefined;
          }, { timeoutMs: 60_000, what: "container main to run again with busybox:1.37" });
          assert.equal(after.restartCount, 1);
          const reasons = await kubectl(
            "get",
            "events",
            "--field-selector",
            "involvedObject.name=img",
            "-o",
            "jsonpath={range .items[*]}{.reason}: {.message}{'\\n'}{end}",
          );
          assert.match(reasons, /^Killing: Container main definition changed, will be restarted$/m);
          for (const r of ["Created", "Started"]) {
            assert.match(reasons, new RegExp(`^${r}: `, "m"), `a ${r} event:\n${reasons}`);
          }
          // The process runtime uses no image, so it reports no Pulled ("already present").
          assert.doesNotMatch(reasons, /^Pulled: /m);
          await kubectl("delete", "pod", "img", "--force", "--grace-period=0", "--wait=false");
        },
      );

      await t.step(
        "kubectl get nodes -o wide shows the kubelet, OS and runtime versions",
        async () => {
          const wide = await kubectl("get", "nodes", "-o", "wide");
          const row = wide.split("\n")[1] ?? "";
          assert.match(row, /\sv1\.32\.\d+-k8sm\s/, wide);
          assert.ok(row.includes(Deno.osRelease()), `the kernel version in:\n${wide}`);
          assert.match(row, /process:\/\/\S+\s*$/, wide);
        },
      );
    } finally {
      await interruptAndCheck(up, ["slow", "fast", "img"]);
      await Deno.remove(up.home, { recursive: true });
    }
  },
});
