/**
 * Volumes and env on the Docker runtime over real podman: a PodWorker runs the shared volume
 * pod (emptyDir tmpfs, configMap, secret 0400, downwardAPI, projected token, the
 * service-account mount, env from every valueFrom kind and envFrom) with bind mounts; its log
 * shows every value, a ConfigMap change reaches the mounted file, and after the kill no mount,
 * tmpfs or volume directory of the pod is left on the host.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../../../core/util/wait.ts";
import { podmanDockerRuntime, podmanSkipReason, startPodman } from "../../../_helpers/podman.ts";
import {
  EXPECTED_LINES,
  fakeObjectSource,
  volumePod,
  volumeWorker,
} from "../../../_helpers/volume_pod.ts";

const skip = podmanSkipReason();

Deno.test({
  name: "docker runtime volumes (podman): every volume kind and env source reaches the " +
    "container, a ConfigMap update reaches the file, nothing is left after the kill",
  ignore: !!skip || Deno.uid() !== 0,
  fn: async () => {
    const pm = await startPodman();
    const runtime = podmanDockerRuntime(pm);
    const root = await Deno.makeTempDir({ prefix: "k8sm-dvol-" });
    const source = fakeObjectSource();
    const pod = volumePod("/mnt/vol", pm.image);
    const { worker, events, log, status } = volumeWorker(pod, runtime, root, source, 300);
    try {
      worker.start();
      const text = await waitFor(async () => {
        const t = await log();
        return EXPECTED_LINES.every((l) => t.includes(`${l}\n`)) ? t : undefined;
      }, { what: "every value in the log", timeoutMs: 60_000 }).catch(async (e) => {
        throw new Error(`${e.message}\nlog:\n${await log()}\nevents:\n${events.join("\n")}`);
      });
      for (const line of EXPECTED_LINES) assert.ok(text.includes(`${line}\n`), line);
      source.configMaps.set("conf", {
        metadata: { name: "conf", namespace: "vols" },
        data: { color: "green", size: "3" },
      });
      await waitFor(async () => (await log()).includes("CM_NOW=green\n"), {
        what: "the updated ConfigMap value in the mounted file",
        timeoutMs: 30_000,
      });
      assert.equal(status()?.phase, "Running");
    } finally {
      await worker.kill(0);
      await runtime.close();
      await pm.stop();
    }
    const mountinfo = await Deno.readTextFile("/proc/self/mountinfo");
    assert.equal(mountinfo.includes(root), false, "no mount under the volume root");
    assert.deepEqual([...Deno.readDirSync(root)], [], "the pod's volume directory is removed");
    await Deno.remove(root, { recursive: true });
  },
});
