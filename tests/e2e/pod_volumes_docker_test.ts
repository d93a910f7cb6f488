/**
 * Issue 14 part B acceptance against a real `k8sm up` on the Docker runtime (podman) with real
 * kubectl (pod_volumes_scenario.ts): bind-mounted volumes and env in a real container, the
 * host's static kubectl (a hostPath File volume) listing the namespace's pods with its in-cluster
 * config — the auto-mounted token and CA, KUBERNETES_SERVICE_HOST/PORT — (host network, so the
 * container reaches the apiserver on loopback), a ConfigMap update reaching the file,
 * CreateContainerConfigError, a 422, and nothing left on the host after deletion.
 */
import assert from "node:assert/strict";
import { startUp, type UpProcess } from "../_helpers/k8sm_up.ts";
import {
  commitSleepingImage,
  podmanSkipReason,
  startPodman,
  TEST_IMAGE,
} from "../_helpers/podman.ts";
import { requires } from "../_helpers/requirements.ts";
import { runVolumeScenario } from "./pod_volumes_scenario.ts";

const skip = podmanSkipReason();

Deno.test({
  name: "k8sm up (docker runtime on podman): volumes, env and the service-account token",
  ignore: !!skip || requires("kubectl").ignore || Deno.uid() !== 0,
  fn: async () => {
    const podman = await startPodman();
    const pauseImage = `localhost/k8sm-vol-pause:${Date.now()}`;
    let up: UpProcess | undefined;
    try {
      await commitSleepingImage(podman, pauseImage);
      up = await startUp([
        "--container-runtime",
        "docker",
        "--docker-endpoint",
        podman.dockerHost,
        "--pod-infra-image",
        pauseImage,
      ]);
      await runVolumeScenario(up, {
        base: "/mnt/vol",
        image: TEST_IMAGE,
        hostNetwork: true,
        lister: "kubectl",
      });
    } finally {
      if (up) assert.equal(await up.interrupt(), 0);
      await podman.podman(["rmi", "-f", pauseImage]).catch(() => "");
      await podman.stop();
    }
  },
});
