/**
 * Real kubectl 1.32 against the Docker runtime on podman's Docker API, through a secured
 * apiserver and executor kubelet endpoint, over kubectl's WebSocket and SPDY transports:
 * `exec -it` under a pty (`script`) gets a terminal whose resize reaches `stty size`, `kubectl
 * cp` of a 10 MiB random file into the container and back is byte-identical, and `attach -i`
 * to a `stdinOnce` container ends its stdin when the client leaves.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import type { Container } from "../../core/api/types/container.ts";
import { waitFor } from "../../core/util/wait.ts";
import { attachAndType } from "../_helpers/kubectl_attach.ts";
import { runKubectl } from "../_helpers/kubectl_exec.ts";
import {
  createHostedPod,
  type KubeletHost,
  startDockerKubeletHost,
} from "../_helpers/kubelet_host.ts";
import type { DockerRuntime } from "../../core/executor/runtimes/docker_runtime.ts";
import { podmanSkipReason, startPodman } from "../_helpers/podman.ts";
import { REMOTE_STTY_SIZE, runOnPty } from "../_helpers/pty_script.ts";
import { requires } from "../_helpers/requirements.ts";
import {
  podManifest,
  type SecuredApiServer,
  startSecuredApiServer,
} from "../_helpers/secured_apiserver.ts";

const NODE = "agent-docker-tty";
const skip = podmanSkipReason();
const TRANSPORTS: [string, Record<string, string>][] = [
  ["WebSocket", {}],
  ["SPDY", { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: "false" }],
];

/** Creates pod `name` on NODE with `container` and starts it in the Docker runtime. */
async function runPod(
  api: SecuredApiServer,
  host: KubeletHost<DockerRuntime>,
  name: string,
  container: Container,
) {
  const manifest = podManifest(name, { nodeName: NODE }) as { spec: Pod["spec"] };
  manifest.spec!.containers[0] = container;
  const pod = await createHostedPod(api, host, manifest);
  return await host.runtime.startContainer(pod, container, {});
}

Deno.test({
  name: "kubectl exec -it resize, cp 10 MiB both ways and stdinOnce attach on the Docker runtime",
  ...(skip ? { ignore: true } : requires("kubectl")),
}, async (t) => {
  const pm = await startPodman();
  const api = await startSecuredApiServer();
  const host = await startDockerKubeletHost(api, NODE, pm);
  const dir = await Deno.makeTempDir({ prefix: "k8sm-docker-tty-cp-" });
  try {
    await runPod(api, host, "shell", {
      name: "main",
      image: pm.image,
      command: ["sleep", "3600"],
    });
    const config = `${dir}/admin`;
    await Deno.writeTextFile(config, api.admin.kubeconfig());

    for (const [transport, env] of TRANSPORTS) {
      await t.step(
        `${transport}: exec -it gets a terminal whose resize reaches stty size`,
        async () => {
          // kubectl gets a 91x37 pty and sends it as its first resize; the remote shell polls
          // for that size, prints it and exits 4.
          const { code, text } = await runOnPty(
            `kubectl --kubeconfig ${config} exec -it shell -- sh -c '${REMOTE_STTY_SIZE}'`,
            env,
          );
          assert.equal(code, 4, text);
          assert.match(text, /37 91\r?$/m, JSON.stringify(text));
        },
      );
      await t.step(
        `${transport}: cp of 10 MiB into the container and back is identical`,
        async () => {
          const data = new Uint8Array(10 * 1024 * 1024);
          for (let i = 0; i < data.length; i += 65536) {
            crypto.getRandomValues(data.subarray(i, i + 65536));
          }
          const local = `${dir}/in-${transport}.bin`;
          const back = `${dir}/back-${transport}.bin`;
          await Deno.writeFile(local, data);
          const put = await runKubectl(config, ["cp", local, `shell:/tmp/copy-${transport}.bin`], {
            env,
          });
          assert.equal(put.code, 0, put.stderr);
          const get = await runKubectl(config, ["cp", `shell:/tmp/copy-${transport}.bin`, back], {
            env,
          });
          assert.equal(get.code, 0, get.stderr);
          const got = await Deno.readFile(back);
          assert.equal(got.length, data.length);
          assert.ok(got.every((b, i) => b === data[i]), "the copy differs from the original");
        },
      );
    }

    await t.step("attach -i to a stdinOnce container ends its stdin when it leaves", async () => {
      await runPod(api, host, "once", {
        name: "main",
        image: pm.image,
        stdin: true,
        stdinOnce: true,
        command: ["sh", "-c", "cat; echo stdin-closed; sleep 3600"],
      });
      assert.match(await attachAndType(config, "once", "main", "only line"), /only line\n/);
      await waitFor(async () => {
        const logs = await runKubectl(config, ["logs", "once"]);
        return new TextDecoder().decode(logs.stdout).includes("only line\nstdin-closed\n");
      }, { timeoutMs: 30_000, what: "cat to end after the stdinOnce attach left" });
    });
  } finally {
    await host.close();
    await api.stop();
    await pm.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
