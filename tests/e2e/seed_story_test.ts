/**
 * Issue 7 acceptance: the seed's whole story on one machine through `k8sm up` as a child
 * process — replicated pods on Mesos tasks, found through a service and the proxy, healed,
 * scaled and deleted; the seed README's kubecfg commands; a clean stop; and a restart on the
 * same data dir. Process runtime here; the Docker runtime (podman) and kubectl variants follow.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { TASK_ID_ANNOTATION } from "../../core/scheduler/annotations.ts";
import { waitFor } from "../../core/util/wait.ts";
import { podProcesses, startUp } from "../_helpers/k8sm_up.ts";
import {
  endpointsOf,
  interruptAndCheck,
  runningPods,
  spread,
  withFreeNodePort,
} from "../_helpers/story_checks.ts";

const EXAMPLES = new URL("../../examples", import.meta.url).pathname;
const NS = { resource: "pods", namespace: "default" };

Deno.test({
  name:
    "seed story on k8sm up (process runtime): RC → pods on Mesos, service, proxy, heal, scale, delete, restart",
  fn: async () => {
    let up = await startUp(["--container-runtime", "process"]);
    const home = up.home;
    let nodePort = 0;
    try {
      const client = up.client();
      const names = new Set<string>();
      try {
        assert.match(up.stdout(), /process runtime/);
        const kubeconfig = await Deno.readTextFile(`${up.dataDir}/kubeconfig`);
        assert.match(kubeconfig, /current-context: k8sm/);
        assert.ok(kubeconfig.includes(up.apiUrl));

        await up.k8sm(["create", "-f", `${EXAMPLES}/process/nginx-controller.yaml`]);
        let pods = await runningPods(client, "name=nginx", 2);
        for (const p of pods) {
          names.add(p.metadata.name!);
          assert.ok(p.metadata.annotations?.[TASK_ID_ANNOTATION], "the pod runs as a Mesos task");
          assert.ok(p.spec?.nodeName);
        }
        const service = await withFreeNodePort(`${EXAMPLES}/process/nginx-service.yaml`, home);
        nodePort = service.port;
        await up.k8sm(["create", "-f", service.file]);
        const addrs = await endpointsOf(client, "nginx", pods);
        assert.equal(addrs.length, 2);

        const counts = await spread(nodePort, 100);
        for (const p of pods) {
          assert.ok(
            (counts.get(`hello from ${p.metadata.name}`) ?? 0) > 0,
            `no answer from ${p.metadata.name}`,
          );
        }
        assert.equal([...counts.values()].reduce((a, b) => a + b, 0), 100);

        // Kill one pod's container: it is restarted and the RC still has 2 Running pods.
        const victim = pods[0].metadata.name!;
        const pids = podProcesses(victim);
        assert.ok(pids.length > 0, `no host process found for pod ${victim}`);
        for (const pid of pids) Deno.kill(pid, "SIGKILL");
        await waitFor(async () => {
          const p = await client.get<Pod>({ ...NS, name: victim });
          const restarts = p.status?.containerStatuses?.[0]?.restartCount ?? 0;
          return restarts >= 1 && p.status?.phase === "Running";
        }, { timeoutMs: 30_000, what: `pod ${victim} restarted` });
        // Delete one pod: the RC replaces it.
        await up.k8sm(["delete", "pod", victim]);
        pods = await waitFor(async () => {
          const now = await runningPods(client, "name=nginx", 2);
          return now.some((p) => p.metadata.name === victim) ? undefined : now;
        }, { timeoutMs: 60_000, what: `pod ${victim} replaced` });
        pods.forEach((p) => names.add(p.metadata.name!));

        await up.k8sm(["scale", "rc", "nginx-controller", "--replicas=5"]);
        pods = await runningPods(client, "name=nginx", 5);
        pods.forEach((p) => names.add(p.metadata.name!));
        await endpointsOf(client, "nginx", pods);

        await up.k8sm(["delete", "rc", "nginx-controller"]);
        await runningPods(client, "name=nginx", 0);
        await waitFor(() => pods.every((p) => podProcesses(p.metadata.name!).length === 0), {
          what: "the deleted pods' processes gone",
        });

        // The seed README's kubecfg commands, with k8sm.
        await up.k8sm([
          "-c",
          `${EXAMPLES}/process/controller-nginx.json`,
          "create",
          "replicationControllers",
        ]);
        const rcTable = await up.k8sm(["list", "replicationControllers"]);
        assert.match(
          rcTable,
          /^ID\s+Image\(s\)\s+Selector\s+Replicas\s*\n-{10}\s+-{10}\s+-{10}\s+-{10}/,
        );
        assert.match(rcTable, /\nnginxController\s+busybox\s+name=nginx\s+2\s*\n/);
        pods = await runningPods(client, "name=nginx", 2);
        pods.forEach((p) => names.add(p.metadata.name!));
        const podTable = await up.k8sm(["list", "pods"]);
        assert.match(podTable, /^ID\s+Image\(s\)\s+Host\s+Labels\s+Status\s*\n/);
        for (const p of pods) {
          assert.match(
            podTable,
            new RegExp(`\\n${p.metadata.name}\\s+busybox\\s+\\S+\\s+name=nginx\\s+Running`),
          );
        }
      } finally {
        await interruptAndCheck(up, names).finally(() => client.close());
      }

      // Restart on the same data dir: the RC and service are there, and the pods come back.
      up = await startUp(["--container-runtime", "process"], home);
      const again = up.client();
      try {
        await again.get({
          resource: "replicationcontrollers",
          namespace: "default",
          name: "nginxController",
        });
        await again.get({ resource: "services", namespace: "default", name: "nginx" });
        const pods = await runningPods(again, "name=nginx", 2);
        pods.forEach((p) => names.add(p.metadata.name!));
        await endpointsOf(again, "nginx", pods);
        const counts = await spread(nodePort, 20);
        assert.equal(counts.size, 2, `answers: ${[...counts.keys()].join(" | ")}`);
      } finally {
        await interruptAndCheck(up, names).finally(() => again.close());
      }
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
});
