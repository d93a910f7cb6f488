/**
 * PodVolumes without mounts: the projected service-account token is reused until 80% of its
 * life and then requested again; `automountServiceAccountToken: false` (pod or SA) adds no
 * volume; a cluster that serves no tokens (404) runs the pod without it; and the process
 * runtime's mount plan without root says in one sentence what it cannot honour, which the pod
 * status carries as VolumeMountsNotHonoured.
 */
import assert from "node:assert/strict";
import { ApiError, makeStatus } from "../../../../core/api/status.ts";
import type { Pod } from "../../../../core/api/types/pod.ts";
import { buildPodStatus } from "../../../../core/executor/pod_status_builder.ts";
import { PodVolumes } from "../../../../core/executor/volumes/pod_volumes.ts";
import { planProcessMounts } from "../../../../core/executor/volumes/process_mounts.ts";
import { SERVICE_ACCOUNT_MOUNT } from "../../../../core/executor/volumes/service_account_volume.ts";
import { fakeObjectSource } from "../../../_helpers/volume_pod.ts";
import { waitFor } from "../../../../core/util/wait.ts";

const sandbox = { id: "s", podIP: "127.0.0.1", hostIP: "127.0.0.1" };

function pod(extra: Partial<NonNullable<Pod["spec"]>> = {}): Pod {
  return {
    metadata: { name: "p", namespace: "vols", uid: crypto.randomUUID() },
    spec: { containers: [{ name: "main", image: "busybox" }], ...extra },
  };
}

Deno.test("pod volumes: the SA token is reused, then renewed at 80% of its life", async () => {
  const root = await Deno.makeTempDir({ prefix: "k8sm-podvol-" });
  const source = fakeObjectSource();
  let issued = 0;
  source.token = () => {
    issued++;
    // A token living 1 s: renewed after 0.8 s.
    return Promise.resolve({
      token: `token-${issued}`,
      expirationTimestamp: new Date(Date.now() + 1000).toISOString(),
    });
  };
  const v = new PodVolumes(pod(), { root, source });
  try {
    await v.setUp(sandbox);
    const mounts = await v.mountsFor({ name: "main" });
    assert.deepEqual(mounts.map((m) => [m.target, m.readOnly]), [[SERVICE_ACCOUNT_MOUNT, true]]);
    const token = () => Deno.readTextFile(`${mounts[0].source}/token`);
    assert.equal(await token(), "token-1");
    assert.equal(await Deno.readTextFile(`${mounts[0].source}/ca.crt`), "FAKE-CA-PEM");
    assert.equal(await Deno.readTextFile(`${mounts[0].source}/namespace`), "vols");
    await v.refresh(sandbox, true);
    assert.equal(issued, 1, "a fresh token is reused");
    await waitFor(async () => {
      await v.refresh(sandbox, true);
      return await token() === "token-2";
    }, { what: "the renewed token in the file" });
    assert.equal(issued, 2, "renewed once");
  } finally {
    await v.tearDown();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("pod volumes: no SA volume when the pod or its SA opts out, or tokens are not served", async () => {
  const root = await Deno.makeTempDir({ prefix: "k8sm-podvol-" });
  const optedOut = fakeObjectSource();
  optedOut.serviceAccount = () =>
    Promise.resolve({ metadata: { name: "default" }, automountServiceAccountToken: false });
  const unserved = fakeObjectSource();
  unserved.token = () =>
    Promise.reject(new ApiError(makeStatus(404, "NotFound", "the server could not find it")));
  const cases: [string, Pod, ReturnType<typeof fakeObjectSource>][] = [
    ["pod false", pod({ automountServiceAccountToken: false }), fakeObjectSource()],
    ["SA false", pod(), optedOut],
    ["no TokenRequest", pod(), unserved],
  ];
  try {
    for (const [what, p, source] of cases) {
      const v = new PodVolumes(p, { root, source });
      await v.setUp(sandbox);
      assert.deepEqual(await v.mountsFor({ name: "main" }), [], what);
      await v.tearDown();
    }
    const on = new PodVolumes(pod({ automountServiceAccountToken: true }), {
      root,
      source: optedOut,
    });
    await on.setUp(sandbox);
    assert.equal(
      (await on.mountsFor({ name: "main" })).length,
      1,
      "the pod's true wins over the SA",
    );
    await on.tearDown();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("process mounts without root: a warning naming each mount, shown in the pod status", async () => {
  const plan = await planProcessMounts("/nonexistent", [
    { source: "/var/lib/k8sm/v/cfg", target: "/etc/app", readOnly: true },
  ], false);
  assert.deepEqual(plan.prefix, []);
  assert.equal(
    plan.warning,
    "the process runtime cannot honour volume mountPaths here (the executor does not run as " +
      "root): /etc/app is at /var/lib/k8sm/v/cfg",
  );
  const status = buildPodStatus({
    restartPolicy: "Always",
    containers: [],
    startTime: new Date().toISOString(),
    notice: { reason: "VolumeMountsNotHonoured", message: plan.warning! },
  });
  assert.equal(status.reason, "VolumeMountsNotHonoured");
  assert.equal(status.message, plan.warning);
});
