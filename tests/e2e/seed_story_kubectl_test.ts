/**
 * Issue 7 acceptance 2: the seed story driven by the machine's kubectl with the kubeconfig
 * `k8sm up` wrote (`<data-dir>/kubeconfig`, context k8sm).
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { waitFor } from "../../core/util/wait.ts";
import { podProcesses, startUp } from "../_helpers/k8sm_up.ts";
import {
  endpointsOf,
  interruptAndCheck,
  runningPods,
  spread,
  withFreeNodePort,
} from "../_helpers/story_checks.ts";
import { requires } from "../_helpers/requirements.ts";

const EXAMPLES = new URL("../../examples/process", import.meta.url).pathname;

Deno.test({
  name: "seed story with kubectl and the kubeconfig k8sm up wrote",
  ...requires("kubectl"),
  fn: async () => {
    const up = await startUp(["--container-runtime", "process"]);
    const client = up.client();
    const names = new Set<string>();
    const kubectl = async (...args: string[]) => {
      const out = await new Deno.Command("kubectl", {
        args: [
          "--kubeconfig",
          `${up.dataDir}/kubeconfig`,
          "--cache-dir",
          `${up.home}/kcache`,
          ...args,
        ],
        env: { HOME: up.home, NO_COLOR: "1" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const d = new TextDecoder();
      if (!out.success) throw new Error(`kubectl ${args.join(" ")}: ${d.decode(out.stderr)}`);
      return d.decode(out.stdout);
    };
    try {
      assert.match(await kubectl("config", "current-context"), /^k8sm\s*$/);
      await kubectl("apply", "-f", `${EXAMPLES}/nginx-controller.yaml`);
      const service = await withFreeNodePort(`${EXAMPLES}/nginx-service.yaml`, up.home);
      await kubectl("apply", "-f", service.file);
      let pods = await runningPods(client, "name=nginx", 2);
      pods.forEach((p) => names.add(p.metadata.name!));
      const listed = JSON.parse(await kubectl("get", "pods", "-l", "name=nginx", "-o", "json")) as {
        items: Pod[];
      };
      assert.deepEqual(
        listed.items.map((p) => p.metadata.name).sort(),
        pods.map((p) => p.metadata.name).sort(),
      );
      await endpointsOf(client, "nginx", pods);
      const eps = await kubectl("get", "endpoints", "nginx");
      assert.match(eps, /127\.0\.0\.1:\d+,127\.0\.0\.1:\d+/);
      const counts = await spread(service.port, 100);
      assert.equal(counts.size, 2, `answers: ${[...counts.keys()].join(" | ")}`);

      const victim = pods[0].metadata.name!;
      for (const pid of podProcesses(victim)) Deno.kill(pid, "SIGKILL");
      await waitFor(async () => {
        const p = await client.get<Pod>({ resource: "pods", namespace: "default", name: victim });
        return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1;
      }, { timeoutMs: 30_000, what: `pod ${victim} restarted` });
      await kubectl("delete", "pod", victim);
      pods = await waitFor(async () => {
        const now = await runningPods(client, "name=nginx", 2);
        return now.some((p) => p.metadata.name === victim) ? undefined : now;
      }, { timeoutMs: 60_000, what: `pod ${victim} replaced` });
      pods.forEach((p) => names.add(p.metadata.name!));

      await kubectl("scale", "rc", "nginx-controller", "--replicas=5");
      pods = await runningPods(client, "name=nginx", 5);
      pods.forEach((p) => names.add(p.metadata.name!));
      const rc = await kubectl("get", "rc", "nginx-controller");
      assert.match(rc, /nginx-controller\s+5\s+5\s+5/);

      await kubectl("delete", "rc", "nginx-controller");
      await runningPods(client, "name=nginx", 0);
    } finally {
      await interruptAndCheck(up, names).finally(() => client.close());
      await Deno.remove(up.home, { recursive: true });
    }
  },
});
