/**
 * Issue 7 acceptance 1, Docker half: the seed story on `k8sm up` with the Docker runtime,
 * served by podman's Docker-compatible API; afterwards no container of the framework is left.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { waitFor } from "../../core/util/wait.ts";
import { processesMentioning, startUp } from "../_helpers/k8sm_up.ts";
import {
  commitSleepingImage,
  podmanSkipReason,
  startPodman,
  TEST_IMAGE,
} from "../_helpers/podman.ts";
import {
  endpointsOf,
  interruptAndCheck,
  runningPods,
  spread,
  withFreeNodePort,
} from "../_helpers/story_checks.ts";

const EXAMPLE = new URL("../../examples/process/nginx-controller.yaml", import.meta.url).pathname;
const SERVICE = new URL("../../examples/nginx-service.yaml", import.meta.url).pathname;

Deno.test({
  name:
    "seed story on k8sm up with the Docker runtime (podman): pods in containers, none left after",
  ignore: podmanSkipReason() !== undefined,
  fn: async () => {
    const podman = await startPodman();
    const pauseImage = "localhost/k8sm-pause:e2e";
    const names = new Set<string>();
    let up;
    let home: string | undefined;
    let frameworkId: string | undefined;
    try {
      // An infra image whose default command keeps running (no registry for the real pause).
      await commitSleepingImage(podman, pauseImage);
      up = await startUp([
        "--container-runtime",
        "docker",
        "--docker-endpoint",
        podman.dockerHost,
        "--pod-infra-image",
        pauseImage,
      ]);
      home = up.home;
      assert.match(up.stdout(), /Docker runtime/);
      frameworkId = /registered as framework (\S+)/.exec(up.stdout())?.[1];
      assert.ok(frameworkId);
      const manifest = (await Deno.readTextFile(EXAMPLE)).replace(
        "image: busybox",
        `image: ${TEST_IMAGE}\n          imagePullPolicy: IfNotPresent`,
      );
      await Deno.writeTextFile(`${up.home}/rc.yaml`, manifest);
      const client = up.client();
      try {
        await up.k8sm(["create", "-f", `${up.home}/rc.yaml`]);
        const service = await withFreeNodePort(SERVICE, up.home);
        await up.k8sm(["create", "-f", service.file]);
        let pods = await runningPods(client, "name=nginx", 2);
        pods.forEach((p) => names.add(p.metadata.name!));
        await endpointsOf(client, "nginx", pods);
        const counts = await spread(service.port, 100);
        assert.equal(counts.size, 2, `answers: ${[...counts.keys()].join(" | ")}`);
        // Each container answers with its hostname (Docker sets HOSTNAME in the container).
        for (const answer of counts.keys()) assert.match(answer, /^hello from \S+$/);

        // Kill one pod's app container: the kubelet restarts it.
        const victim = pods[0].metadata.name!;
        const ids = (await podman.podman([
          "ps",
          "-q",
          "--filter",
          `label=io.kubernetes.pod.name=${victim}`,
          "--filter",
          "label=io.kubernetes.container.name=httpd",
        ])).split("\n").filter(Boolean);
        assert.equal(ids.length, 1);
        await podman.podman(["kill", ids[0]]);
        await waitFor(async () => {
          const p = await client.get<Pod>({ resource: "pods", namespace: "default", name: victim });
          return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 &&
            p.status?.phase === "Running";
        }, { timeoutMs: 60_000, what: `pod ${victim} restarted` });

        await up.k8sm(["scale", "rc", "nginx-controller", "--replicas=5"]);
        pods = await runningPods(client, "name=nginx", 5);
        pods.forEach((p) => names.add(p.metadata.name!));
        await up.k8sm(["scale", "rc", "nginx-controller", "--replicas=3"]);
        await runningPods(client, "name=nginx", 3);
      } finally {
        client.close();
      }
      await interruptAndCheck(up, names);
      up = undefined;
      const left = await podman.podman([
        "ps",
        "-a",
        "-q",
        "--filter",
        `label=k8s.mesosphere.io/frameworkId=${frameworkId}`,
      ]);
      assert.equal(left.trim(), "", "containers of the framework are left");
      // …and no container process (conmon names the container k8s_<container>_<pod>_…).
      for (const name of names) {
        await waitFor(() => processesMentioning(`_${name}_`).length === 0, {
          timeoutMs: 15_000,
          what: `no container process of pod ${name}`,
        });
      }
    } finally {
      if (up) await up.interrupt();
      if (home) await Deno.remove(home, { recursive: true });
      if (frameworkId) {
        // A failed run must not leave containers behind either.
        const ids = (await podman.podman([
          "ps",
          "-a",
          "-q",
          "--filter",
          `label=k8s.mesosphere.io/frameworkId=${frameworkId}`,
        ]).catch(() => "")).split("\n").filter(Boolean);
        if (ids.length) {
          await podman.podman(["rm", "-f", "--depend", "-t", "0", ...ids]).catch(() => "");
        }
      }
      await podman.podman(["rmi", "-f", pauseImage]).catch(() => "");
      await podman.stop();
    }
  },
});
