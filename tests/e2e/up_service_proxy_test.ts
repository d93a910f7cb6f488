/**
 * Services on `k8sm up` (process runtime, default --proxy-mode=auto): up says which proxy mode it
 * runs and how services are reached; real kubectl reaches a pod's page through the apiserver's
 * `services/NAME:PORT/proxy/` and `pods/NAME/proxy/`; as root with iptables, clusterIP:port
 * answers from the host, and the cluster's nat chain is gone after up stops.
 */
import assert from "node:assert/strict";
import { iptablesUsable, portalChainFor } from "../../core/proxy/proxy_mode.ts";
import { waitFor } from "../../core/util/wait.ts";
import { runKubectl } from "../_helpers/kubectl_exec.ts";
import { startUp } from "../_helpers/k8sm_up.ts";
import { freePortRange } from "../_helpers/ports.ts";
import { requires } from "../_helpers/requirements.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

const manifests = JSON.stringify({
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
          'mkdir -p www && echo "hello from web" > www/index.html && exec busybox httpd -f -p "$PORT" -h www',
        ],
        ports: [{ containerPort: 80 }],
      }],
    },
  }, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "default" },
    spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 80 }] },
  }],
});

Deno.test({
  name: "up: service and pod proxy through the apiserver with kubectl; clusterIP reachable as root",
  ...requires("kubectl", "busybox"),
}, async () => {
  const iptables = await iptablesUsable();
  // A loopback service network: a connection to a clusterIP never leaves this machine, even
  // before the iptables rule is in place.
  // Host ports of its own: the default range may hold another cluster's pods on this host.
  const hostPorts = freePortRange(10);
  const up = await startUp([
    "--container-runtime=process",
    "--portal-net=127.10.20.0/24",
    `--agent-resources=ports:[${hostPorts.text}]`,
  ]);
  let stopped = false;
  try {
    const mode = iptables ? "iptables" : "userspace";
    await waitFor(() => up.stdout().includes("Services ("), { what: "up's services line" });
    assert.match(
      up.stdout(),
      new RegExp(`Services \\(${mode} proxy mode, service network 127\\.10\\.20\\.0/24\\): `),
    );
    if (!iptables) assert.match(up.stdout(), /clusterIP:port answers on this host/);
    const dir = await Deno.makeTempDir({ prefix: "k8sm-up-svc-" });
    await Deno.writeTextFile(`${dir}/web.json`, manifests);
    await up.k8sm(["create", "-f", `${dir}/web.json`]);
    await Deno.remove(dir, { recursive: true });
    const get = (path: string) => runKubectl(up.kubeconfig, ["get", "--raw", path]);
    await waitFor(async () => {
      const r = await get("/api/v1/namespaces/default/services/web:80/proxy/index.html");
      if (r.code !== 0) throw new Error(r.stderr);
      return text(r.stdout) === "hello from web\n";
    }, { timeoutMs: 90_000, intervalMs: 500, what: "the service proxy to answer" });
    const viaPod = await get("/api/v1/namespaces/default/pods/web/proxy/index.html");
    assert.equal(viaPod.code, 0, viaPod.stderr);
    assert.equal(text(viaPod.stdout), "hello from web\n");
    if (iptables) {
      const svc = await runKubectl(up.kubeconfig, [
        "get",
        "svc",
        "web",
        "-o",
        "jsonpath={.spec.clusterIP}",
      ]);
      const ip = text(svc.stdout).trim();
      assert.match(ip, /^127\.10\.20\.\d+$/);
      await waitFor(async () => {
        const res = await fetch(`http://${ip}:80/index.html`);
        return await res.text() === "hello from web\n";
      }, { timeoutMs: 30_000, intervalMs: 200, what: `clusterIP ${ip}:80 to answer` });
      const chain = await portalChainFor(up.dataDir);
      assert.equal(await up.interrupt(), 0);
      stopped = true;
      const rules = await new Deno.Command("iptables", { args: ["-w", "-t", "nat", "-S"] })
        .output();
      assert.ok(!text(rules.stdout).includes(chain), `nat chain ${chain} left after up stopped`);
    }
  } finally {
    if (!stopped) assert.equal(await up.interrupt(), 0);
  }
});
