/**
 * `k8sm up --agents 2 --container-runtime=auto` as a user runs it, on a machine where no Docker
 * API answers (DOCKER_HOST names a socket that does not exist): auto falls back to the process
 * runtime and says so, mesos-local runs two agents (two Nodes), and a pod pinned to the second
 * one runs there.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import type { Node } from "../../core/api/types/node.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startUp } from "../_helpers/k8sm_up.ts";
import { requires } from "../_helpers/requirements.ts";
import { interruptAndCheck } from "../_helpers/story_checks.ts";

Deno.test({
  name: "k8sm up --agents 2 --container-runtime=auto: process runtime without Docker, two agents",
  ...requires("busybox"),
}, async () => {
  const home = await Deno.makeTempDir({ prefix: "k8sm-up-agents-" });
  const noDocker = `unix://${home}/no-docker.sock`;
  const up = await startUp(["--agents", "2", "--container-runtime=auto"], home, {
    DOCKER_HOST: noDocker,
  });
  const names = new Set<string>();
  const client = up.client();
  try {
    const out = up.stdout();
    assert.ok(
      out.includes(`no Docker API answers at ${noDocker}, so pods use the process runtime`),
      `auto explains its choice:\n${out}`,
    );
    const mesos = /master (http:\/\/\S+), 2 agent\(s\): (\S+), (\S+)/.exec(out);
    assert.ok(mesos, `two agents announced:\n${out}`);
    const [, , first, second] = mesos;
    // The scheduler registers a Node per agent it gets offers from (mesos-local's /state needs
    // the cluster's generated credentials, so the API is the place to look).
    await waitFor(async () => {
      const nodes = await client.list<Node>({ resource: "nodes" });
      const names = nodes.items.map((n) => n.metadata.name).sort();
      return names.join(",") === [first, second].sort().join(",") ? names : undefined;
    }, { timeoutMs: 60_000, what: `Nodes ${first} and ${second}` });

    const pod: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "on-second" },
      spec: {
        nodeSelector: { "kubernetes.io/hostname": second },
        terminationGracePeriodSeconds: 1,
        containers: [{ name: "main", image: "busybox", command: ["sleep", "3600"] }],
      },
    };
    await client.create({ resource: "pods", namespace: "default" }, pod);
    names.add("on-second");
    const running = await waitFor(async () => {
      const p = await client.get<Pod>({
        resource: "pods",
        namespace: "default",
        name: "on-second",
      });
      return p.status?.phase === "Running" ? p : undefined;
    }, { timeoutMs: 60_000, what: "pod on-second Running" });
    assert.equal(running.spec?.nodeName, second, "the pod runs on the second agent");
  } finally {
    client.close();
    await interruptAndCheck(up, names);
    await Deno.remove(home, { recursive: true });
  }
});
