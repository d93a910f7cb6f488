import assert from "node:assert/strict";
import { dockerContainerName } from "../../../../core/executor/docker/docker_container_config.ts";
import { RuntimeError } from "../../../../core/executor/runtime.ts";
import { podmanDockerRuntime, podmanSkipReason, startPodman } from "../../../_helpers/podman.ts";
import { makePod, runtimeContract } from "../runtime_contract.ts";

const skip = podmanSkipReason();

async function podmanRuntime() {
  const pm = await startPodman();
  const open = () => podmanDockerRuntime(pm);
  return { pm, runtime: open(), open };
}

runtimeContract("docker (podman's Docker API)", async () => {
  const { pm, runtime, open } = await podmanRuntime();
  return {
    runtime,
    image: pm.image,
    reopen: open,
    async leftovers(podUid: string) {
      const out = await pm.podman([
        "ps",
        "-a",
        "--format",
        "{{.Names}}",
        "--filter",
        `label=io.kubernetes.pod.uid=${podUid}`,
      ]);
      return out.split("\n").filter(Boolean);
    },
    async stop() {
      await runtime.close();
      await pm.stop();
    },
  };
}, skip);

Deno.test(
  { name: "DockerRuntime: pull policies and sandbox errors", ignore: !!skip },
  async (t) => {
    const { pm, runtime } = await podmanRuntime();
    try {
      await t.step("IfNotPresent and Never use a present image without pulling it", async () => {
        const id = () => pm.podman(["image", "inspect", "--format", "{{.Id}}", pm.image]);
        const before = await id();
        await runtime.pullImage(pm.image, "IfNotPresent");
        await runtime.pullImage(pm.image, "Never");
        assert.equal(await id(), before, "the local image is unchanged");
        // The image exists only locally (no registry is reachable), so a pull of it fails:
        // Always shows that a pull would have been an error, i.e. the two above did not pull.
        await assert.rejects(
          runtime.pullImage(pm.image, "Always"),
          (e) => e instanceof RuntimeError && e.reason === "ErrImagePull",
        );
      });
      await t.step("Never with an absent image is ErrImageNeverPull", async () => {
        await assert.rejects(
          runtime.pullImage("localhost/k8sm-absent:1", "Never"),
          (e) =>
            e instanceof RuntimeError && e.reason === "ErrImageNeverPull" &&
            e.message.includes("localhost/k8sm-absent:1"),
        );
      });
      await t.step("a failing pull is ErrImagePull naming the image", async () => {
        await assert.rejects(
          runtime.pullImage("127.0.0.1:1/k8sm-absent:1", "IfNotPresent"),
          (e) =>
            e instanceof RuntimeError && e.reason === "ErrImagePull" &&
            e.message.includes("127.0.0.1:1/k8sm-absent:1"),
        );
      });
      await t.step("a container without a running sandbox is refused", async () => {
        const pod = makePod("nosandbox", [{ name: "c", image: pm.image, command: ["true"] }]);
        await assert.rejects(
          runtime.startContainer(pod, pod.spec!.containers[0], {}),
          (e) => e instanceof RuntimeError && /ensureSandbox/.test(e.message),
        );
      });
      await t.step(
        "a sandbox stopped after ensureSandbox: the start is refused, nothing left",
        async () => {
          const pod = makePod("stopped", [{
            name: "c",
            image: pm.image,
            command: ["sleep", "600"],
          }]);
          const uid = pod.metadata.uid!;
          const sandbox = await runtime.ensureSandbox(pod, {});
          await pm.podman(["stop", "-t", "0", sandbox.id]);
          await assert.rejects(
            runtime.startContainer(pod, pod.spec!.containers[0], {}),
            (e) => e instanceof RuntimeError && /ensureSandbox/.test(e.message),
          );
          const apps = await runtime.listPodContainers({ podUid: uid, includeSandboxes: false });
          assert.deepEqual(apps, [], "no app container stays behind");
          await runtime.removeSandbox(uid, 0);
        },
      );
      await t.step("the sandbox gets a pod IP and is reused, not doubled", async () => {
        const pod = makePod("sbpod", []);
        const a = await runtime.ensureSandbox(pod, {});
        const b = await runtime.ensureSandbox(pod, {});
        assert.equal(a.id, b.id);
        assert.match(a.podIP, /^\d+\.\d+\.\d+\.\d+$/);
        await runtime.removeSandbox(pod.metadata.uid!, 0);
        assert.deepEqual(await runtime.listPodContainers({ podUid: pod.metadata.uid }), []);
      });
      await t.step("a leftover holding a container's name is replaced on start", async () => {
        const pod = makePod("leftover", [{
          name: "c",
          image: pm.image,
          command: ["sleep", "600"],
        }]);
        const uid = pod.metadata.uid!;
        await runtime.ensureSandbox(pod, {});
        // An unlabelled container under the name attempt 0 of "c" gets (as an interrupted
        // earlier start could leave): the start removes it and creates the container anew.
        const name = dockerContainerName(
          { uid, name: "leftover", namespace: "default" },
          "c",
          0,
        );
        await pm.podman([
          "create",
          "--name",
          name,
          "--label",
          `${pm.runLabel.key}=${pm.runLabel.value}`,
          pm.image,
          "true",
        ]);
        const ref = await runtime.startContainer(pod, pod.spec!.containers[0], { attempt: 0 });
        assert.equal((await runtime.inspectContainer(ref)).state, "running");
        const names = await pm.podman(["ps", "-a", "--format", "{{.Names}}\t{{.ID}}"]);
        const holders = names.split("\n").filter((l) => l.startsWith(`${name}\t`));
        assert.equal(holders.length, 1, `one container named ${name}: ${holders}`);
        assert.ok(ref.id.startsWith(holders[0].split("\t")[1]), "the name is the new container's");
        await runtime.removeSandbox(uid, 0);
      });
    } finally {
      await runtime.close();
      await pm.stop();
    }
  },
);
