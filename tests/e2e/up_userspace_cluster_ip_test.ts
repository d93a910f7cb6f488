/**
 * `k8sm up --proxy-mode=userspace` (forced, even as root) without --portal-net: the service
 * network defaults to loopback 127.10.10.0/24, up's services line says so, and a service's
 * clusterIP:port answers from the host through the proxy's listener on that address.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { runKubectl } from "../_helpers/kubectl_exec.ts";
import { startUp } from "../_helpers/k8sm_up.ts";
import { freePort, freePortRange } from "../_helpers/ports.ts";
import { requires } from "../_helpers/requirements.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function manifests(servicePort: number): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "List",
    items: [{
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", namespace: "default", labels: { app: "web" } },
      spec: {
        containers: [{
          name: "main",
          image: "busybox",
          command: [
            "sh",
            "-c",
            'mkdir -p www && echo "hello on the clusterIP" > www/index.html && exec busybox httpd -f -p "$PORT" -h www',
          ],
          ports: [{ containerPort: 80 }],
        }],
      },
    }, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "default" },
      spec: { selector: { app: "web" }, ports: [{ port: servicePort, targetPort: 80 }] },
    }],
  });
}

Deno.test({
  name: "up in userspace mode: a loopback service network, and clusterIP:port answers on the host",
  ...requires("kubectl", "busybox"),
}, async () => {
  // Host ports of its own: the default range may hold another cluster's pods on this host.
  const hostPorts = freePortRange(10);
  const up = await startUp([
    "--container-runtime=process",
    "--proxy-mode=userspace",
    `--agent-resources=ports:[${hostPorts.text}]`,
  ]);
  try {
    await waitFor(() => up.stdout().includes("Services ("), { what: "up's services line" });
    assert.match(
      up.stdout(),
      /Services \(userspace proxy mode, service network 127\.10\.10\.0\/24\): clusterIP:port answers on this host/,
    );
    // A port the kernel just reported free, so that the test needs no root for it.
    const servicePort = freePort();
    const dir = await Deno.makeTempDir({ prefix: "k8sm-up-cip-" });
    await Deno.writeTextFile(`${dir}/web.json`, manifests(servicePort));
    await up.k8sm(["create", "-f", `${dir}/web.json`]);
    await Deno.remove(dir, { recursive: true });
    const svc = await runKubectl(up.kubeconfig, [
      "get",
      "svc",
      "web",
      "-o",
      "jsonpath={.spec.clusterIP}",
    ]);
    const ip = text(svc.stdout).trim();
    assert.match(ip, /^127\.10\.10\.\d+$/);
    const body = await waitFor(async () => {
      const res = await fetch(`http://${ip}:${servicePort}/index.html`);
      const t = await res.text();
      return res.ok ? t : undefined;
    }, { timeoutMs: 90_000, intervalMs: 500, what: `clusterIP ${ip}:${servicePort} to answer` });
    assert.equal(body, "hello on the clusterIP\n");
  } finally {
    assert.equal(await up.interrupt(), 0);
  }
});
