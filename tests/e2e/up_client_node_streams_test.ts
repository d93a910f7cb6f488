/**
 * @kubernetes/client-node 2.0.1's `Exec`, `Attach` and `PortForward` against a whole `k8sm up`
 * (secured by default, process runtime), with the kubeconfig `up` wrote loaded unmodified
 * (`loadFromFile`: its CA and admin client certificate): the apiserver authenticates the
 * WebSocket upgrades and relays them to the executor's kubelet endpoint.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { PassThrough, Readable } from "node:stream";
import * as k8s from "@kubernetes/client-node";
import type { Pod } from "../../core/api/types/pod.ts";
import { waitFor } from "../../core/util/wait.ts";
import { startUp } from "../_helpers/k8sm_up.ts";
import { freePortRange } from "../_helpers/ports.ts";
import { requires } from "../_helpers/requirements.ts";

/** Collects a stream's text. */
function collect(stream: PassThrough): () => string {
  let text = "";
  stream.on("data", (c: Uint8Array) => text += new TextDecoder().decode(c));
  return () => text;
}

const POD: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "streams", namespace: "default" },
  spec: {
    containers: [{
      name: "web",
      image: "busybox",
      command: [
        "sh",
        "-c",
        'mkdir -p www && echo hello-up > www/index.html && exec busybox httpd -f -p "$PORT" -h www',
      ],
      ports: [{ containerPort: 8080 }],
    }, {
      name: "ticker",
      image: "busybox",
      command: ["sh", "-c", "while true; do echo tick; sleep 0.1; done"],
    }],
  },
};

Deno.test({
  name: "client-node Exec, Attach and PortForward work against k8sm up with its kubeconfig",
  ...requires("busybox"),
}, async () => {
  // Host ports of its own: the default range may hold another cluster's pods on this host.
  const hostPorts = freePortRange(10);
  const up = await startUp([
    "--container-runtime=process",
    `--agent-resources=ports:[${hostPorts.text}]`,
  ]);
  const client = up.client();
  try {
    await client.create({ resource: "pods", namespace: "default" }, POD);
    await waitFor(async () => {
      const p = await client.get<Pod>({ resource: "pods", namespace: "default", name: "streams" });
      return p.status?.phase === "Running" &&
        (p.status.containerStatuses ?? []).every((c) => c.ready);
    }, { timeoutMs: 90_000, intervalMs: 300, what: "pod streams to run" });
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(up.kubeconfig);

    // Exec: stdin in, stdout and stderr apart, the exit code as a Status.
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = collect(stdout);
    const err = collect(stderr);
    const status = await new Promise<k8s.V1Status>((resolve, reject) => {
      new k8s.Exec(kc).exec(
        "default",
        "streams",
        "web",
        ["sh", "-c", "cat; echo err >&2; exit 3"],
        stdout,
        stderr,
        Readable.from([Buffer.from("from stdin\n")]),
        false,
        (s) => resolve(s),
      ).then((ws) => ws.on("error", reject), reject);
    });
    assert.equal(status.reason, "NonZeroExitCode");
    assert.deepEqual(status.details?.causes, [{ reason: "ExitCode", message: "3" }]);
    assert.equal(out(), "from stdin\n");
    assert.equal(err(), "err\n");

    // Attach: the ticker's output streams until the client closes.
    const attached = new PassThrough();
    const ticks = collect(attached);
    const ws = await new k8s.Attach(kc).attach(
      "default",
      "streams",
      "ticker",
      attached,
      null,
      null,
      false,
    );
    await waitFor(() => (ticks().match(/tick\n/g) ?? []).length >= 2, {
      what: "two lines through client-node Attach",
    });
    const closed = new Promise((r) => ws.once("close", r));
    ws.close();
    await closed;

    // PortForward: an HTTP request to the web container's port 8080.
    const input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    const page = collect(output);
    await new k8s.PortForward(kc).portForward("default", "streams", [8080], output, errors, input);
    input.write("GET /index.html HTTP/1.0\r\n\r\n");
    await waitFor(() => page().includes("hello-up"), { what: "the page through PortForward" });
    assert.match(page(), /^HTTP\/1\.[01] 200/);
    input.end();
  } finally {
    client.close();
    assert.equal(await up.interrupt(), 0);
  }
});
