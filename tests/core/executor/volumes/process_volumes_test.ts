/**
 * Volumes and env on the real process runtime, as root: a PodWorker runs the shared volume pod
 * (emptyDir tmpfs, configMap, secret 0400, downwardAPI, projected token, the service-account
 * mount, env from every valueFrom kind and envFrom) in a private mount namespace; its log shows
 * every value, a ConfigMap change reaches the mounted file, and after the kill nothing of it is
 * left mounted or on disk. A missing key is a CreateContainerConfigError naming it.
 */
import assert from "node:assert/strict";
import { ProcessRuntime } from "../../../../core/executor/runtimes/process_runtime.ts";
import type { Pod } from "../../../../core/api/types/pod.ts";
import type { PodObjectSource } from "../../../../core/executor/volumes/pod_object_source.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import {
  EXPECTED_LINES,
  fakeObjectSource,
  volumePod,
  volumeWorker,
} from "../../../_helpers/volume_pod.ts";

const asRoot = { ignore: Deno.uid() !== 0 };

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

async function harness(pod: Pod, source: PodObjectSource) {
  const root = await Deno.makeTempDir({ prefix: "k8sm-vol-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  return { root, runtime, ...volumeWorker(pod, runtime, `${root}/volumes`, source, 200) };
}

Deno.test({
  name: "process runtime volumes: every volume kind and env source reaches the container, " +
    "exec sees the mounts, a ConfigMap update reaches the file, nothing is left after the kill",
  ...asRoot,
  fn: async () => {
    const source = fakeObjectSource();
    const root = await Deno.makeTempDir({ prefix: "k8sm-vol-mnt-" });
    const base = `${root}/mnt`;
    const h = await harness(volumePod(base), source);
    try {
      h.worker.start();
      const text = await waitFor(async () => {
        const t = await h.log();
        return EXPECTED_LINES.every((l) => t.includes(`${l}\n`)) ? t : undefined;
      }, { what: "every value in the log", timeoutMs: 20_000 }).catch(async (e) => {
        throw new Error(`${e.message}\nlog:\n${await h.log()}\nevents: ${h.events.join("\n")}`);
      });
      for (const line of EXPECTED_LINES) assert.ok(text.includes(`${line}\n`), line);
      const ref = h.worker.slots[0].ref!;
      const exec = await h.runtime.execInContainer(ref, ["cat", `${base}/cfg/color`], 5);
      assert.deepEqual(
        [exec.exitCode, exec.output],
        [0, "blue"],
        "exec sees the container's mounts",
      );
      const pwd = await h.runtime.execInContainer(ref, ["pwd"], 5);
      assert.equal(
        pwd.output.trim(),
        `${h.root}/pods/${h.worker.uid}`,
        "exec runs in the container's working dir (the pod's directory), not the namespace's /",
      );
      source.configMaps.set("conf", {
        metadata: { name: "conf", namespace: "vols" },
        data: { color: "green", size: "3" },
      });
      await waitFor(async () => (await h.log()).includes("CM_NOW=green\n"), {
        what: "the updated ConfigMap value in the mounted file",
        timeoutMs: 20_000,
      });
      assert.equal(h.status()?.phase, "Running");
    } finally {
      await h.worker.kill(0);
      await h.runtime.close();
    }
    const mountinfo = await Deno.readTextFile("/proc/self/mountinfo");
    assert.equal(mountinfo.includes(h.root), false, "no mount under the executor's root");
    assert.equal(mountinfo.includes(base), false, "no mount at the mountPaths");
    assert.equal(await exists(`${h.root}/volumes/${h.worker.uid}`), false, "volume dirs removed");
    assert.equal(await exists(base), false, "created mount points removed");
    // /var/run/secrets/… is shared with every other pod on the host (other tests' too): it
    // goes with the last pod mounting there (process_mounts_test.ts).
    await Deno.remove(h.root, { recursive: true });
    await Deno.remove(root, { recursive: true });
  },
});

Deno.test("process runtime volumes: a missing ConfigMap key is a CreateContainerConfigError naming it", async () => {
  const pod: Pod = {
    metadata: { name: "bad-env", namespace: "vols", uid: crypto.randomUUID() },
    spec: {
      restartPolicy: "Never",
      automountServiceAccountToken: false,
      containers: [{
        name: "main",
        image: "busybox",
        command: ["sh", "-c", "sleep 30"],
        env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "conf", key: "nope" } } }],
      }],
    },
  };
  const h = await harness(pod, fakeObjectSource());
  try {
    h.worker.start();
    const waiting = await waitFor(() => {
      const w = h.status()?.containerStatuses?.[0].state?.waiting;
      return w?.reason === "CreateContainerConfigError" ? w : undefined;
    }, { what: "CreateContainerConfigError" });
    assert.equal(waiting.message, "couldn't find key nope in ConfigMap vols/conf");
    assert.ok(
      h.events.includes(
        "Failed: Error: CreateContainerConfigError: couldn't find key nope in ConfigMap vols/conf",
      ),
      h.events.join("\n"),
    );
  } finally {
    await h.worker.kill(0);
    await h.runtime.close();
    await Deno.remove(h.root, { recursive: true });
  }
});

Deno.test("process runtime volumes: a missing ConfigMap volume keeps the pod ContainerCreating with FailedMount", async () => {
  const pod: Pod = {
    metadata: { name: "bad-vol", namespace: "vols", uid: crypto.randomUUID() },
    spec: {
      restartPolicy: "Never",
      automountServiceAccountToken: false,
      volumes: [{ name: "c", configMap: { name: "absent" } }],
      containers: [{ name: "main", image: "busybox", command: ["sleep", "30"] }],
    },
  };
  const h = await harness(pod, fakeObjectSource());
  try {
    h.worker.start();
    await waitFor(() => h.events.find((e) => e.startsWith("FailedMount")), { what: "FailedMount" });
    assert.deepEqual(h.events.filter((e) => e.startsWith("FailedMount")), [
      'FailedMount: MountVolume.SetUp failed for volume "c" : configmap "absent" not found',
    ]);
    assert.equal(h.status()?.containerStatuses?.[0].state?.waiting?.reason, "ContainerCreating");
  } finally {
    await h.worker.kill(0);
    await h.runtime.close();
    await Deno.remove(h.root, { recursive: true });
  }
});

Deno.test({
  name: "process runtime volumes: subPath (directory and file), readOnly, items with mode, " +
    "optional secret, hostPath DirectoryOrCreate",
  ...asRoot,
  fn: async () => {
    const root = await Deno.makeTempDir({ prefix: "k8sm-vol-sub-" });
    const base = `${root}/mnt`;
    const ro = (p: string) => `$(touch ${p}/probe 2>/dev/null && echo writable || echo readonly)`;
    const script = [
      `echo "HOST_RO=${ro(`${base}/host`)}"`,
      `echo "CM_RO=${ro(`${base}/cm`)}"`,
      `echo "SCRATCH_RW=${ro(`${base}/sub`)}"`,
      `echo "ITEM=$(cat ${base}/cm/c/colour)"`,
      `echo "ITEM_MODE=$(stat -L -c %a ${base}/cm/c/colour)"`,
      `echo "OPTIONAL=$(ls ${base}/opt | wc -l)"`,
      `echo "FILE=$(cat ${base}/color-file)"`,
      `echo s > ${base}/sub/f`,
      "echo done",
      "sleep 30",
    ].join("; ");
    const pod: Pod = {
      metadata: { name: "sub-pod", namespace: "vols", uid: crypto.randomUUID() },
      spec: {
        restartPolicy: "Never",
        automountServiceAccountToken: false,
        volumes: [
          { name: "host", hostPath: { path: `${root}/hostdir`, type: "DirectoryOrCreate" } },
          {
            name: "cm",
            configMap: { name: "conf", items: [{ key: "color", path: "c/colour", mode: 0o600 }] },
          },
          { name: "opt", secret: { secretName: "absent", optional: true } },
          { name: "scratch", emptyDir: {} },
          { name: "whole", configMap: { name: "conf" } },
        ],
        containers: [{
          name: "main",
          image: "busybox",
          command: ["sh", "-c", script],
          volumeMounts: [
            { name: "host", mountPath: `${base}/host`, readOnly: true },
            { name: "cm", mountPath: `${base}/cm` },
            { name: "opt", mountPath: `${base}/opt` },
            { name: "scratch", mountPath: `${base}/sub`, subPath: "sub/dir" },
            { name: "whole", mountPath: `${base}/color-file`, subPath: "color" },
          ],
        }],
      },
    };
    const h = await harness(pod, fakeObjectSource());
    try {
      h.worker.start();
      const text = await waitFor(async () => {
        const t = await h.log();
        return t.includes("done\n") ? t : undefined;
      }, { what: "the script to finish", timeoutMs: 20_000 }).catch(async (e) => {
        throw new Error(`${e.message}\nlog:\n${await h.log()}\nevents: ${h.events.join("\n")}`);
      });
      for (
        const line of [
          "HOST_RO=readonly",
          "CM_RO=readonly",
          "SCRATCH_RW=writable",
          "ITEM=blue",
          "ITEM_MODE=600",
          "OPTIONAL=0",
          "FILE=blue",
        ]
      ) assert.ok(text.includes(`${line}\n`), `${line} in\n${text}`);
      const volumes = `${h.root}/volumes/${h.worker.uid}/volumes`;
      assert.equal(await Deno.readTextFile(`${volumes}/scratch/sub/dir/f`), "s\n");
      assert.ok((await Deno.stat(`${root}/hostdir`)).isDirectory, "DirectoryOrCreate made it");
    } finally {
      await h.worker.kill(0);
      await h.runtime.close();
    }
    assert.equal((await Deno.readTextFile("/proc/self/mountinfo")).includes(root), false);
    assert.equal(await exists(base), false);
    await Deno.remove(h.root, { recursive: true });
    await Deno.remove(root, { recursive: true });
  },
});
