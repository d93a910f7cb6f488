/**
 * A DaemonSet on `k8sm up` with three local Mesos agents (process runtime, real kubectl):
 * exactly one Running pod on each agent, placed through that agent's offers.
 */
import assert from "node:assert/strict";
import type { Node } from "../../core/api/types/node.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startUp } from "../_helpers/k8sm_up.ts";
import { interruptAndCheck } from "../_helpers/story_checks.ts";
import { requires } from "../_helpers/requirements.ts";

const DAEMON_SET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent-logs
spec:
  selector:
    matchLabels: {app: agent-logs}
  template:
    metadata:
      labels: {app: agent-logs}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "exec sleep 3600"]
`;

Deno.test({
  name: "k8sm up with 3 agents: a DaemonSet runs exactly one pod on each agent",
  ...requires("kubectl"),
  fn: async () => {
    const up = await startUp(["--container-runtime", "process", "--agents", "3"]);
    const client = up.client();
    const names = new Set<string>();
    try {
      const nodes = await waitFor(async () => {
        const list = (await client.list<Node>({ resource: "nodes" })).items;
        return list.length === 3 ? list.map((n) => n.metadata.name ?? "").sort() : undefined;
      }, { what: "3 nodes", timeoutMs: 60_000 });
      await Deno.writeTextFile(`${up.home}/ds.yaml`, DAEMON_SET);
      const out = await new Deno.Command("kubectl", {
        args: ["--kubeconfig", up.kubeconfig, "apply", "-f", `${up.home}/ds.yaml`],
        env: { HOME: up.home, NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      const pods = await waitFor(async () => {
        const list = (await client.list<Pod>({ resource: "pods", namespace: "default" }, {
          labelSelector: "app=agent-logs",
        })).items;
        list.forEach((p) => names.add(p.metadata.name ?? ""));
        const running = list.filter((p) => p.status?.phase === "Running");
        return running.length === 3 && list.length === 3 ? running : undefined;
      }, { what: "3 running daemon pods", timeoutMs: 90_000 });
      assert.deepEqual(pods.map((p) => p.spec?.nodeName).sort(), nodes);
    } finally {
      await interruptAndCheck(up, names).finally(() => client.close());
      await Deno.remove(up.home, { recursive: true });
    }
  },
});
