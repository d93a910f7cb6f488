import assert from "node:assert/strict";
import { ProcessRuntime } from "../../../../core/executor/runtimes/process_runtime.ts";
import { procStartTime } from "../../../../core/executor/runtimes/process_state.ts";
import { RuntimeError } from "../../../../core/executor/runtime.ts";
import { waitFor } from "../../../../core/util/wait.ts";
import { freePort, logText, makePod, runtimeContract } from "../runtime_contract.ts";
import { requires } from "../../../_helpers/requirements.ts";

const skip = requires("busybox").ignore ? "busybox-static (/bin/busybox) is missing" : undefined;

async function processFixture() {
  const root = await Deno.makeTempDir({ prefix: "k8sm-process-rt-" });
  const runtime = new ProcessRuntime({ root, hostIP: "127.0.0.1", pollMs: 50 });
  return { root, runtime };
}

/** Pids recorded for the pod (kept before removal so leftovers can check them). */
const pidsOf = new Map<string, number[]>();

runtimeContract("process", async () => {
  const { root, runtime } = await processFixture();
  const origStart = runtime.startContainer.bind(runtime);
  runtime.startContainer = async (pod, container, ctx) => {
    const ref = await origStart(pod, container, ctx);
    const pid = (await runtime.inspectContainer(ref)).pid;
    if (pid) pidsOf.set(ref.podUid, [...(pidsOf.get(ref.podUid) ?? []), pid]);
    return ref;
  };
  return {
    runtime,
    image: "ignored",
    reopen: () => new ProcessRuntime({ root, hostIP: "127.0.0.1", pollMs: 50 }),
    async leftovers(podUid: string) {
      const left: string[] = [];
      for (const pid of pidsOf.get(podUid) ?? []) {
        if (await procStartTime(pid) !== undefined) left.push(`process ${pid}`);
      }
      const dir = runtime.layout.sandboxDir(podUid);
      if (await Deno.stat(dir).then(() => true, () => false)) left.push(dir);
      return left;
    },
    async stop() {
      for (const c of await runtime.listPodContainers()) {
        if (c.sandbox) await runtime.removeSandbox(c.podUid, 0);
      }
      await runtime.close();
      await Deno.remove(root, { recursive: true });
    },
  };
}, skip);

Deno.test({ name: "ProcessRuntime: process-only behaviour", ignore: !!skip }, async (t) => {
  const { root, runtime } = await processFixture();
  try {
    await t.step("a container without a command fails with a clear reason", async () => {
      const pod = makePod("nocmd", [{ name: "web", image: "nginx" }]);
      await runtime.ensureSandbox(pod, {});
      await assert.rejects(
        runtime.startContainer(pod, pod.spec!.containers[0], {}),
        (e) =>
          e instanceof RuntimeError && e.reason === "CreateContainerConfigError" &&
          e.message.includes("needs spec.containers[].command") &&
          e.message.includes('image "nginx" cannot be run as a host process'),
      );
      await runtime.removeSandbox(pod.metadata.uid!, 0);
    });

    await t.step(
      "args without a command run as the command line (kubectl run -- CMD)",
      async () => {
        const pod = makePod("argsonly", [{
          name: "c",
          image: "busybox",
          args: ["echo", "from-args"],
        }]);
        await runtime.ensureSandbox(pod, {});
        const ref = await runtime.startContainer(pod, pod.spec!.containers[0], {});
        const log = await waitFor(async () => {
          const s = await runtime.inspectContainer(ref);
          return s.state === "exited" ? await logText(runtime, ref) : undefined;
        }, { what: "the args-only container to finish" });
        assert.equal(log, "from-args\n");
        await runtime.removeSandbox(pod.metadata.uid!, 0);
      },
    );

    await t.step("PORT, PORT0…n and PORT_<containerPort> carry the host ports", async () => {
      const mapped = freePort();
      const pod = makePod("ports", [
        {
          name: "a",
          command: ["sh", "-c", 'echo "$PORT $PORT0 $PORT1 $PORT_80 $PORT_90 $PORT_100"'],
          ports: [{ containerPort: 80, hostPort: 31555 }, { containerPort: 90 }],
        },
        { name: "b", command: ["true"], ports: [{ containerPort: 100 }] },
      ]);
      const info = await runtime.ensureSandbox(pod, {});
      assert.equal(info.podIP, "127.0.0.1");
      const ref = await runtime.startContainer(pod, pod.spec!.containers[0], {
        hostPorts: { "90/TCP": mapped },
      });
      const log = await waitFor(async () => {
        const s = await runtime.inspectContainer(ref);
        return s.state === "exited" ? await logText(runtime, ref) : undefined;
      }, { what: "the port-printing container to finish" });
      assert.equal(log, `31555 31555 ${mapped} 31555 ${mapped} 100\n`);
      await runtime.removeSandbox(pod.metadata.uid!, 0);
    });

    await t.step("a relative workingDir lies inside the pod's sandbox directory", async () => {
      const pod = makePod("wd", [{ name: "a", command: ["pwd"], workingDir: "data/sub" }]);
      await runtime.ensureSandbox(pod, {});
      const ref = await runtime.startContainer(pod, pod.spec!.containers[0], {});
      await waitFor(async () => (await runtime.inspectContainer(ref)).state === "exited");
      const expected = `${await Deno.realPath(
        runtime.layout.sandboxDir(pod.metadata.uid!),
      )}/data/sub`;
      assert.equal(await logText(runtime, ref), `${expected}\n`);
      await runtime.removeSandbox(pod.metadata.uid!, 0);
    });
  } finally {
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test({
  name: "process runtime: containers stopped right after their start leave no process running",
  ignore: !!skip,
  async fn() {
    const { root, runtime } = await processFixture();
    try {
      const pod = makePod("quick-stop", [{ name: "c", command: ["sleep", "600"] }]);
      await runtime.ensureSandbox(pod, {});
      // Started and stopped at once, one after the other: setsid(1) may not have made the
      // process group yet when the stop signals it.
      for (let attempt = 0; attempt < 20; attempt++) {
        const ref = await runtime.startContainer(pod, pod.spec!.containers![0], { attempt });
        const pid = (await runtime.inspectContainer(ref)).pid!;
        await runtime.stopContainer(ref, 0);
        assert.equal((await runtime.inspectContainer(ref)).state, "exited", `attempt ${attempt}`);
        assert.equal(await procStartTime(pid), undefined, `pid ${pid} of attempt ${attempt} ended`);
      }
    } finally {
      await runtime.close();
      await Deno.remove(root, { recursive: true }).catch(() => {});
    }
  },
});
