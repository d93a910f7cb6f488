/**
 * The environment of process-runtime containers, observed by running one: HOSTNAME is the pod
 * name, or `spec.hostname` when the pod sets one (Kubernetes' container hostname rule).
 */
import assert from "node:assert/strict";
import type { RuntimePod } from "../../../../core/executor/pod_shape.ts";
import { ProcessRuntime } from "../../../../core/executor/runtimes/process_runtime.ts";
import { waitFor } from "../../../../core/util/wait.ts";

/** Runs `echo $HOSTNAME` in a container of `pod` and returns what it printed. */
async function hostnameOf(pod: RuntimePod): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "k8sm-proc-env-" });
  const runtime = new ProcessRuntime({ root, pollMs: 50 });
  try {
    await runtime.ensureSandbox(pod, {});
    const ref = await runtime.startContainer(pod, {
      name: "main",
      command: ["sh", "-c", 'echo "$HOSTNAME"'],
    }, {});
    await waitFor(async () => (await runtime.inspectContainer(ref)).state === "exited", {
      what: "the container to exit",
    });
    const text = await new Response(await runtime.logs(ref, {})).text();
    return text.trim();
  } finally {
    await runtime.removeSandbox(pod.metadata.uid!, 0);
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("process runtime: HOSTNAME is the pod name, or spec.hostname when set", async () => {
  const base = { containers: [{ name: "main" }] };
  assert.equal(
    await hostnameOf({ metadata: { name: "web-1", namespace: "ns", uid: "u-env-1" }, spec: base }),
    "web-1",
  );
  assert.equal(
    await hostnameOf({
      metadata: { name: "web-2", namespace: "ns", uid: "u-env-2" },
      spec: { ...base, hostname: "db-0", subdomain: "db" },
    }),
    "db-0",
  );
});
