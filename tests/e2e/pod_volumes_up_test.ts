/**
 * Issue 14 part B acceptance against a real `k8sm up` on the process runtime with real kubectl
 * (pod_volumes_scenario.ts): volumes and env in a real pod, curl with the auto-mounted
 * service-account token and CA listing the namespace's pods, a ConfigMap update reaching the
 * file, CreateContainerConfigError, a 422, and nothing left after deletion.
 */
import assert from "node:assert/strict";
import { startUp } from "../_helpers/k8sm_up.ts";
import { requires } from "../_helpers/requirements.ts";
import { runVolumeScenario } from "./pod_volumes_scenario.ts";

Deno.test({
  name: "k8sm up (process runtime): volumes, env and the service-account token in a real pod",
  ...requires("kubectl", "curl"),
  ignore: requires("kubectl", "curl").ignore || Deno.uid() !== 0,
  fn: async () => {
    const up = await startUp(["--container-runtime", "process"]);
    try {
      await runVolumeScenario(up, {
        base: `${up.home}/mnt`,
        image: "busybox",
        hostNetwork: false,
        lister: "curl",
      });
    } finally {
      assert.equal(await up.interrupt(), 0);
    }
  },
});
