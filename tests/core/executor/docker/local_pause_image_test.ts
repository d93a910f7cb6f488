import assert from "node:assert/strict";
import { DockerClient } from "../../../../core/executor/docker/docker_client.ts";
import {
  isStaticElf,
  LOCAL_PAUSE_IMAGE,
  provideLocalPauseImage,
} from "../../../../core/executor/docker/local_pause_image.ts";
import { DockerRuntime } from "../../../../core/executor/runtimes/docker_runtime.ts";
import { podmanSkipReason, startPodman } from "../../../_helpers/podman.ts";
import { logText, makePod } from "../runtime_contract.ts";
import { waitFor } from "../../../../core/util/wait.ts";

const skip = podmanSkipReason();

Deno.test("isStaticElf: tells a static program from a dynamic one and from non-ELF bytes", async () => {
  assert.equal(isStaticElf(new TextEncoder().encode("#!/bin/sh\necho hi\n".padEnd(80))), false);
  if (!skip) assert.equal(isStaticElf(await Deno.readFile("/bin/busybox")), true);
  assert.equal(isStaticElf(await Deno.readFile(Deno.execPath())), false);
});

Deno.test({
  name: "provideLocalPauseImage: builds the image once, and it runs until SIGTERM",
  ignore: !!skip,
}, async () => {
  const pm = await startPodman();
  const client = new DockerClient(pm.dockerHost);
  try {
    await pm.podman(["rmi", "-f", LOCAL_PAUSE_IMAGE]).catch(() => "");
    assert.deepEqual(await provideLocalPauseImage(client), {
      image: LOCAL_PAUSE_IMAGE,
      built: true,
    });
    assert.deepEqual(await provideLocalPauseImage(client), {
      image: LOCAL_PAUSE_IMAGE,
      built: false,
    });
    const id = (await pm.podman([
      "run",
      "-d",
      "--label",
      `${pm.runLabel.key}=${pm.runLabel.value}`,
      LOCAL_PAUSE_IMAGE,
    ])).trim();
    assert.equal((await pm.podman(["inspect", "-f", "{{.State.Running}}", id])).trim(), "true");
    await pm.podman(["stop", "-t", "30", id]);
    assert.equal((await pm.podman(["inspect", "-f", "{{.State.ExitCode}}", id])).trim(), "0");
  } finally {
    client.close();
    await pm.stop();
  }
});

Deno.test({
  name: "DockerRuntime: with an unpullable infra image the pod runs on the local pause image, " +
    "its container's hostname being the pod name",
  ignore: !!skip,
}, async () => {
  const pm = await startPodman();
  const runtime = new DockerRuntime({
    endpoint: pm.dockerHost,
    infraImage: "k8sm-registry.invalid/pause:3.9",
    extraLabels: { [pm.runLabel.key]: pm.runLabel.value },
  });
  const pod = makePod("offline-sandbox", [{ name: "c", image: pm.image }]);
  try {
    const sandbox = await runtime.ensureSandbox(pod, { taskId: "t1" });
    const listed = await runtime.listPodContainers({ podUid: pod.metadata.uid });
    const infra = listed.find((c) => c.sandbox);
    assert.equal(infra?.ref.id, sandbox.id);
    const image = (await pm.podman(["inspect", "-f", "{{.ImageName}}", sandbox.id])).trim();
    assert.equal(image, LOCAL_PAUSE_IMAGE);
    assert.equal(infra?.state, "running");
    const ref = await runtime.startContainer(pod, {
      name: "c",
      image: pm.image,
      command: ["sh", "-c", 'echo "hello from $HOSTNAME ($(hostname))"'],
    }, { taskId: "t1" });
    const done = await waitFor(async () => {
      const st = await runtime.inspectContainer(ref);
      return st.state === "exited" ? st : undefined;
    }, { timeoutMs: 20_000, what: "the container to exit" });
    assert.equal(done.exitCode, 0);
    assert.equal(
      (await logText(runtime, ref)).trim(),
      "hello from offline-sandbox (offline-sandbox)",
    );
  } finally {
    await runtime.removeSandbox(pod.metadata.uid ?? "", 0);
    await runtime.close();
    await pm.stop();
  }
});
