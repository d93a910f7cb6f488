/**
 * `k8sm up --container-runtime=docker` on a machine without a registry (podman's Docker API;
 * the default infra image registry.k8s.io/pause:3.9 cannot be pulled): a pod of a locally
 * imported image runs with no extra flag, and a pod of an unpullable image shows ErrImagePull
 * with its cause in `describe`, a Warning event, and one line in the `up` log.
 */
import assert from "node:assert/strict";
import { LOCAL_PAUSE_IMAGE } from "../../../core/executor/docker/local_pause_image.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startUp } from "../../_helpers/k8sm_up.ts";
import { podmanSkipReason, startPodman } from "../../_helpers/podman.ts";

const skip = podmanSkipReason();

function podYaml(name: string, image: string, policy: string): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: {
      containers: [{
        name: "main",
        image,
        imagePullPolicy: policy,
        command: ["sh", "-c", 'echo "hello from $HOSTNAME"; exec sleep 3600'],
      }],
    },
  });
}

Deno.test({
  name: "up --container-runtime=docker without a registry: a local image runs, an unpullable " +
    "one shows ErrImagePull with its cause",
  ignore: !!skip,
}, async () => {
  const pm = await startPodman();
  // Prove the pause image is made here: remove one an earlier run left.
  await pm.podman(["rmi", "-f", LOCAL_PAUSE_IMAGE]).catch(() => "");
  const up = await startUp(["--container-runtime=docker", `--docker-endpoint=${pm.dockerHost}`]);
  try {
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/local.json`, podYaml("local", pm.image, "IfNotPresent"));
    await Deno.writeTextFile(
      `${dir}/remote.json`,
      podYaml("remote", "k8sm-registry.invalid/web:1", "IfNotPresent"),
    );
    await up.k8sm(["create", "-f", `${dir}/local.json`]);
    await up.k8sm(["create", "-f", `${dir}/remote.json`]);
    await waitFor(async () => {
      const out = await up.k8sm(["get", "pods"]);
      return /local\s+1\/1\s+Running/.test(out) &&
        /remote\s+0\/1\s+(ErrImagePull|ImagePullBackOff)/.test(out);
    }, { timeoutMs: 120_000, what: "local Running and remote ErrImagePull in `get pods`" });
    assert.match(await up.k8sm(["logs", "local"]), /^hello from local$/m);
    const describe = await up.k8sm(["describe", "pod", "remote"]);
    assert.match(describe, /Reason:\s+(ErrImagePull|ImagePullBackOff)/);
    assert.match(describe, /Message:\s+.*k8sm-registry\.invalid/);
    assert.match(
      describe,
      /Warning\s+Failed\s+.*Failed to pull image "k8sm-registry\.invalid\/web:1": /,
    );
    await waitFor(
      () => /! events\s+pod default\/remote: Failed: Failed to pull image/.test(up.stdout()),
      { timeoutMs: 20_000, what: "the pull failure in the up log" },
    );
    const said = up.stdout().split("\n").filter((l) => l.includes("Failed to pull image"));
    assert.equal(said.length, 1, `said once:\n${said.join("\n")}`);
    assert.equal(await pm.podman(["image", "exists", LOCAL_PAUSE_IMAGE]).then(() => true), true);
    await Deno.remove(dir, { recursive: true });
  } finally {
    assert.equal(await up.interrupt(), 0);
    await pm.stop();
  }
});

Deno.test("up with the process runtime keeps pod directories under its --data-dir", async () => {
  const up = await startUp(["--container-runtime=process"]);
  try {
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/p.json`, podYaml("here", "busybox", "IfNotPresent"));
    await up.k8sm(["create", "-f", `${dir}/p.json`]);
    await waitFor(async () => /here\s+1\/1\s+Running/.test(await up.k8sm(["get", "pods"])), {
      timeoutMs: 60_000,
      what: "pod here Running",
    });
    const entries = [...Deno.readDirSync(`${up.dataDir}/process/pods`)];
    assert.equal(entries.length, 1, "one pod directory under <data-dir>/process/pods");
    await Deno.remove(dir, { recursive: true });
  } finally {
    assert.equal(await up.interrupt(), 0);
  }
});
