/**
 * Issue 10 acceptance 1: `k8sm up` is secure by default. One `k8sm up --container-runtime=process`
 * serves HTTPS; curl without credentials, with a wrong bearer token or with a client certificate
 * of another CA gets 401 Status on every API path (health endpoints excepted) and changes
 * nothing; the kubeconfig it writes, unmodified, works for real kubectl (the seed story),
 * @kubernetes/client-node (list, watch, create) and Debian's Python `kubernetes` client.
 * `--insecure` is refused off loopback and serves plain HTTP on loopback.
 */
import assert from "node:assert/strict";
import * as k8s from "@kubernetes/client-node";
import { parse } from "yaml";
import type { Namespace } from "../../core/api/types/namespace.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import { waitFor } from "../../core/util/wait.ts";
import { apiProbes, notUnauthorized } from "../_helpers/api_probes.ts";
import { makeClientCert } from "../_helpers/client_cert.ts";
import { curl } from "../_helpers/curl.ts";
import { httpGet, startUp } from "../_helpers/k8sm_up.ts";
import { freePortRange } from "../_helpers/ports.ts";
import { pythonWithKubernetes, requires } from "../_helpers/requirements.ts";
import { interruptAndCheck, runningPods, withFreeNodePort } from "../_helpers/story_checks.ts";
import { makeTestCert } from "../_helpers/tls_cert.ts";

const EXAMPLES = new URL("../../examples/process", import.meta.url).pathname;
const PODS = { resource: "pods", namespace: "default" };

function sleeper(name: string, say: string): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: name } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{
        name: "main",
        image: "busybox",
        command: ["sh", "-c", `echo ${say}; exec sleep 3600`],
      }],
    },
  };
}

Deno.test({
  name: "k8sm up is secure by default: outsiders get 401; kubectl, client-node and the Python " +
    "client work with the kubeconfig it writes",
  ...requires("kubectl", "curl", "openssl", "python3-kubernetes", "busybox"),
  // undici (inside client-node) keeps pooled sockets and timers beyond our control.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    // Host ports for the pods that nothing listens on now: the agent's default 31000+ is shared
    // by every cluster on this machine. Below the NodePort range, so the service's stays free.
    const hostPorts = freePortRange(20, { first: 20000, last: 29999 });
    const up = await startUp([
      "--container-runtime=process",
      "--agent-resources",
      `ports:[${hostPorts.text}]`,
    ]);
    const admin = up.client();
    const names = new Set<string>(["target"]);
    const caFile = `${up.home}/cluster-ca.crt`;
    const kubectl = async (...args: string[]) => {
      const out = await new Deno.Command("kubectl", {
        args: ["--kubeconfig", up.kubeconfig, "--cache-dir", `${up.home}/kcache`, ...args],
        env: { HOME: up.home, NO_COLOR: "1" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const d = new TextDecoder();
      if (!out.success) throw new Error(`kubectl ${args.join(" ")}: ${d.decode(out.stderr)}`);
      return d.decode(out.stdout);
    };
    try {
      await t.step("HTTPS; the kubeconfig holds the CA and a client certificate", async () => {
        assert.match(up.apiUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
        const kc = parse(await Deno.readTextFile(up.kubeconfig)) as {
          clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
          users: { user: Record<string, string> }[];
        };
        assert.equal(kc.clusters[0].cluster.server, up.apiUrl);
        const ca = atob(kc.clusters[0].cluster["certificate-authority-data"]);
        assert.match(ca, /^-----BEGIN CERTIFICATE-----/);
        assert.ok(kc.users[0].user["client-certificate-data"]);
        assert.ok(kc.users[0].user["client-key-data"]);
        await Deno.writeTextFile(caFile, ca);
        // The CA verifies the server: curl without -k accepts it.
        assert.equal((await curl(`${up.apiUrl}/healthz`, { caFile })).code, 200);
      });

      await t.step("no credentials: 401 Status on every API path, nothing changed", async () => {
        await admin.create(PODS, sleeper("target", "target-says-hi"));
        const [before] = await runningPods(admin, "app=target", 1);
        const probes = apiProbes("target", "nginx-controller");
        // /openapi/v2 only where it is served (the admin can read it).
        const v2 = await admin.request("GET", "/openapi/v2").then(
          (r) => r.body?.cancel(),
          () => 0,
        );
        if (v2 !== 0) probes.push({ method: "GET", path: "/openapi/v2" });
        assert.ok(probes.length >= 20, `${probes.length} probes`);
        const wrong = await notUnauthorized(up.apiUrl, probes, { insecure: true });
        assert.deepEqual(wrong, [], `answered without credentials:\n${wrong.join("\n")}`);
        const after = await admin.get<Pod>({ ...PODS, name: "target" });
        assert.equal(after.metadata.uid, before.metadata.uid, "pod target untouched");
        assert.equal(after.metadata.labels?.owned, undefined, "pod target not patched");
        assert.equal(after.metadata.deletionTimestamp, undefined, "pod target not deleted");
        await assert.rejects(admin.get({ ...PODS, name: "intruder" }), /not found/i);
        const ns = await admin.get<Namespace>({ resource: "namespaces", name: "default" });
        assert.equal(ns.status?.phase ?? "Active", "Active", "namespace default not deleted");
      });

      await t.step("health endpoints answer 200 without credentials", async () => {
        for (const path of ["/healthz", "/livez", "/readyz"]) {
          const got = await curl(`${up.apiUrl}${path}`, { insecure: true });
          assert.equal(got.code, 200, `${path}: ${got.body}`);
          assert.equal(got.body.trim(), "ok", path);
        }
      });

      await t.step("a wrong bearer token and a certificate of another CA get 401", async () => {
        const probes = apiProbes("target", "nginx-controller").filter((p) =>
          p.path === "/api/v1/namespaces/default/pods" || p.method === "DELETE" ||
          p.path === "/metrics"
        );
        const token = await notUnauthorized(up.apiUrl, probes, {
          caFile,
          headers: { Authorization: "Bearer not-a-token-of-this-cluster" },
        });
        assert.deepEqual(token, [], `answered a wrong token:\n${token.join("\n")}`);
        const foreign = await makeTestCert();
        assert.ok(foreign, "openssl made a CA");
        try {
          // Claims the admin's name, but from a CA the cluster does not trust.
          const cert = await makeClientCert(foreign, "k8sm-admin");
          const forged = await notUnauthorized(up.apiUrl, probes, {
            caFile,
            certFile: cert.certFile,
            keyFile: cert.keyFile,
          });
          assert.deepEqual(forged, [], `answered a foreign certificate:\n${forged.join("\n")}`);
        } finally {
          await Deno.remove(foreign.dir, { recursive: true });
        }
        await admin.get({ ...PODS, name: "target" });
      });

      await t.step("kubectl with the kubeconfig runs the seed story", async () => {
        const nginx = async (n: number) =>
          await waitFor(async () => {
            const list = JSON.parse(await kubectl("get", "pods", "-l", "name=nginx", "-o", "json"));
            const items = (list as { items: Pod[] }).items;
            const ok = items.length === n &&
              items.every((p) => !p.metadata.deletionTimestamp && p.status?.phase === "Running");
            return ok ? items.map((p) => p.metadata.name!) : undefined;
          }, { timeoutMs: 60_000, intervalMs: 300, what: `kubectl showing ${n} Running pods` });
        await kubectl("create", "-f", `${EXAMPLES}/nginx-controller.yaml`);
        const service = await withFreeNodePort(`${EXAMPLES}/nginx-service.yaml`, up.home);
        await kubectl("create", "-f", service.file);
        const two = await nginx(2);
        two.forEach((n) => names.add(n));
        let last = "nothing yet";
        const answer = await waitFor(async () => {
          last = (await httpGet(service.port)).trim();
          return two.some((n) => last === `hello from ${n}`) ? last : undefined;
        }, { timeoutMs: 30_000, what: `a pod answering on NodePort ${service.port}` })
          .catch((e: Error) => {
            throw new Error(`${e.message}; the last answer was ${JSON.stringify(last)}`);
          });
        assert.match(answer, /^hello from nginx-controller-/);

        await kubectl("scale", "rc", "nginx-controller", "--replicas=3");
        (await nginx(3)).forEach((n) => names.add(n));
        assert.match(
          await kubectl("get", "rc", "nginx-controller"),
          /nginx-controller\s+3\s+3\s+3/,
        );

        assert.match(await kubectl("logs", "target"), /^target-says-hi$/m);
        await kubectl("logs", two[0]);

        await kubectl("delete", "rc", "nginx-controller");
        await waitFor(async () => {
          const list = JSON.parse(await kubectl("get", "pods", "-l", "name=nginx", "-o", "json"));
          return (list as { items: Pod[] }).items.length === 0;
        }, {
          timeoutMs: 60_000,
          intervalMs: 300,
          what: "the RC's pods gone from kubectl get pods",
        });
      });

      await t.step("client-node, kubeconfig unmodified: list, watch, create", async () => {
        const kc = new k8s.KubeConfig();
        kc.loadFromFile(up.kubeconfig);
        assert.equal(kc.getCurrentCluster()?.skipTLSVerify, false);
        const core = kc.makeApiClient(k8s.CoreV1Api);
        const listed = await core.listNamespacedPod({ namespace: "default" });
        assert.ok(listed.items.some((p) => p.metadata?.name === "target"), "target listed");
        const events: string[] = [];
        const watching = await new k8s.Watch(kc).watch(
          "/api/v1/namespaces/default/pods",
          {},
          (type: string, obj: k8s.V1Pod) => events.push(`${type} ${obj.metadata?.name}`),
          (err: unknown) => {
            if (err) events.push(`error ${String(err)}`);
          },
        );
        try {
          names.add("from-client-node");
          const created = await core.createNamespacedPod({
            namespace: "default",
            body: { metadata: { name: "from-client-node" }, spec: sleeper("", "hi").spec },
          });
          assert.equal(created.metadata?.name, "from-client-node");
          assert.ok(created.metadata?.uid);
          await waitFor(() => events.includes("ADDED from-client-node"), {
            what: `the watch's ADDED from-client-node (got: ${events.join(", ")})`,
          });
        } finally {
          watching.abort();
        }
        assert.ok(!events.some((e) => e.startsWith("error")), events.join(", "));
      });

      await t.step("the Python kubernetes client lists pods with the kubeconfig", async () => {
        const python = pythonWithKubernetes();
        assert.ok(python, "a python3 that imports kubernetes");
        const out = await new Deno.Command(python, {
          args: [
            "-c",
            "import sys\nfrom kubernetes import client, config\n" +
            "config.load_kube_config(config_file=sys.argv[1])\n" +
            "print([p.metadata.name for p in client.CoreV1Api().list_namespaced_pod('default').items])",
            up.kubeconfig,
          ],
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output();
        const d = new TextDecoder();
        assert.ok(out.success, `${python} failed: ${d.decode(out.stderr)}`);
        const listed = JSON.parse(d.decode(out.stdout).trim().replaceAll("'", '"')) as string[];
        assert.deepEqual(listed.sort(), ["from-client-node", "target"]);
      });
    } finally {
      admin.close();
      await interruptAndCheck(up, names);
      await Deno.remove(up.home, { recursive: true });
    }
  },
});

Deno.test("k8sm up --insecure off loopback is refused before anything starts, saying why", async () => {
  const home = await Deno.makeTempDir({ prefix: "k8sm-up-insecure-" });
  try {
    const err = await startUp(["--address", "0.0.0.0", "--insecure"], home).then(
      () => undefined,
      (e: Error) => e.message,
    );
    assert.ok(err, "k8sm up --address 0.0.0.0 --insecure started");
    assert.match(err, /k8sm up exited with 1/);
    assert.match(err, /--insecure serves the API without authentication/);
    assert.match(err, /only allowed on a loopback address, not --address 0\.0\.0\.0/);
    assert.match(err, /use --address 127\.0\.0\.1/);
    await assert.rejects(Deno.stat(`${home}/.k8sm`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test({
  name: "k8sm up --address 127.0.0.1 --insecure serves plain HTTP without credentials",
  ...requires("curl"),
  async fn() {
    const up = await startUp([
      "--address",
      "127.0.0.1",
      "--insecure",
      "--container-runtime=process",
    ]);
    try {
      assert.match(up.apiUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(up.stdout(), /WARNING: --insecure/);
      const got = await curl(`${up.apiUrl}/api/v1/namespaces/default/pods`);
      assert.equal(got.code, 200, got.body);
      assert.equal(JSON.parse(got.body).kind, "PodList");
    } finally {
      await interruptAndCheck(up, []);
      await Deno.remove(up.home, { recursive: true });
    }
  },
});
