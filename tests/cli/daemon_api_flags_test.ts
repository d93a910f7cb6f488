/**
 * The daemons' apiserver flags: `k8sm controller-manager --kubeconfig F` and `k8sm proxy
 * --kubeconfig F` reach an HTTPS, token-secured apiserver (server, CA and token all from F); a
 * refused token is one log line; daemonApiConfig's precedence and errors.
 */
import assert from "node:assert/strict";
import { type RunningApiServer, startApiServer } from "../../core/apiserver/serve_api.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import { waitFor } from "../../core/util/wait.ts";
import { daemonApiConfig } from "../../cli/daemon_api_flags.ts";
import { CLI, spawnK8sm } from "../_helpers/k8sm_child.ts";
import { haveOpenssl, makeTestCert, type TestCert } from "../_helpers/tls_cert.ts";

const HAVE_OPENSSL = await haveOpenssl();
if (!HAVE_OPENSSL) console.error("!!! SKIPPING daemon kubeconfig tests: no openssl !!!");

interface Secured {
  cert: TestCert;
  server: RunningApiServer;
  admin: RestClient;
  /** Writes a kubeconfig (CA by relative path) with `token` and returns its path. */
  kubeconfig(name: string, token?: string): Promise<string>;
  stop(): Promise<void>;
}

async function securedApiServer(): Promise<Secured> {
  const cert = await makeTestCert();
  assert.ok(cert, "openssl could not make a test certificate");
  await Deno.writeTextFile(`${cert.dir}/tokens.csv`, 's3cret,admin,uid-1,"system:masters"\n');
  const server = await startApiServer({
    address: "127.0.0.1",
    port: 0,
    storage: "memory",
    tokenAuthFile: `${cert.dir}/tokens.csv`,
    tlsCertFile: cert.certFile,
    tlsPrivateKeyFile: cert.keyFile,
    nodePortRange: "39000-39999",
  });
  const admin = new RestClient({ server: server.url, caCerts: [cert.caPem], token: "s3cret" });
  return {
    cert,
    server,
    admin,
    async kubeconfig(name, token) {
      const path = `${cert.dir}/${name}`;
      await Deno.writeTextFile(
        path,
        `apiVersion: v1
kind: Config
current-context: k
clusters:
- name: c
  cluster: {server: "${server.url}", certificate-authority: ca.pem}
users:
- name: u
  user: {${token ? `token: ${token}` : ""}}
contexts:
- name: k
  context: {cluster: c, user: u}
`,
      );
      return path;
    },
    async stop() {
      admin.close();
      await server.close();
      await Deno.remove(cert.dir, { recursive: true });
    },
  };
}

Deno.test({
  name: "k8sm controller-manager --kubeconfig F replicates against a TLS, token-secured apiserver",
  ignore: !HAVE_OPENSSL,
}, async () => {
  const api = await securedApiServer();
  const cm = spawnK8sm([
    "controller-manager",
    "--kubeconfig",
    await api.kubeconfig("cm.yaml", "s3cret"),
    "--port=0",
  ]);
  try {
    await api.admin.create({ resource: "replicationcontrollers", namespace: "default" }, {
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "sec" },
      spec: {
        replicas: 2,
        selector: { app: "sec" },
        template: {
          metadata: { labels: { app: "sec" } },
          spec: { containers: [{ name: "c", image: "x" }] },
        },
      },
    });
    const pods = await waitFor(async () => {
      const l = await api.admin.list<Pod>({ resource: "pods", namespace: "default" });
      return l.items.length === 2 ? l.items : undefined;
    }, { timeoutMs: 30_000, what: "2 pods made by the controller-manager" });
    assert.ok(pods.every((p) => p.metadata.name?.startsWith("sec-")));
  } finally {
    const code = await cm.interrupt();
    await api.stop();
    assert.equal(code, 0, cm.stderr());
    assert.doesNotMatch(cm.stderr(), /refused our credentials|Unauthorized/);
  }
});

Deno.test({
  name: "k8sm proxy --kubeconfig F proxies a NodePort service of a TLS, token-secured apiserver",
  ignore: !HAVE_OPENSSL,
}, async () => {
  const api = await securedApiServer();
  const backend = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const served = (async () => {
    for await (const c of backend) {
      c.write(new TextEncoder().encode("pong")).finally(() => c.close());
    }
  })();
  const proxy = spawnK8sm([
    "proxy",
    "--kubeconfig",
    await api.kubeconfig("proxy.yaml", "s3cret"),
    "--healthz-port=0",
    "--bind-address=127.0.0.1",
  ]);
  try {
    const svc = await api.admin.create<{ spec: { ports: { nodePort: number }[] } } & Pod>(
      { resource: "services", namespace: "default" },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "pong" },
        spec: { type: "NodePort", ports: [{ port: 80 }] },
      },
    );
    await api.admin.create({ resource: "endpoints", namespace: "default" }, {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "pong" },
      subsets: [{
        addresses: [{ ip: "127.0.0.1" }],
        ports: [{ port: (backend.addr as Deno.NetAddr).port }],
      }],
    });
    const nodePort = svc.spec.ports[0].nodePort;
    const answer = await waitFor(async () => {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: nodePort });
      const buf = new Uint8Array(16);
      const n = await conn.read(buf);
      conn.close();
      return n ? new TextDecoder().decode(buf.subarray(0, n)) : undefined;
    }, { timeoutMs: 30_000, what: `an answer on nodePort ${nodePort}` });
    assert.equal(answer, "pong");
  } finally {
    const code = await proxy.interrupt();
    backend.close();
    await served.catch(() => {});
    await api.stop();
    assert.equal(code, 0, proxy.stderr());
  }
});

Deno.test({
  name: "k8sm controller-manager with a refused token logs one clear line, not one per retry",
  ignore: !HAVE_OPENSSL,
}, async () => {
  const api = await securedApiServer();
  const cm = spawnK8sm([
    "controller-manager",
    "--kubeconfig",
    await api.kubeconfig("bad.yaml", "wrong"),
    "--port=0",
    "-v=2",
  ]);
  try {
    await waitFor(() => (cm.stderr().match(/failed again \(unauthorized\)/g) ?? []).length >= 8, {
      timeoutMs: 30_000,
      what: "the controller-manager retrying with a refused token",
    });
  } finally {
    const code = await cm.interrupt();
    await api.stop();
    assert.equal(code, 0, cm.stderr());
    const lines = cm.stderr().split("\n").filter((l) => l.includes("refused our credentials"));
    assert.equal(lines.length, 1, cm.stderr());
    assert.match(
      lines[0],
      /the API server https:\/\/127\.0\.0\.1:\d+ refused our credentials \(401 Unauthorized\): check --kubeconfig\/--token\/--client-certificate; retrying$/,
    );
  }
});

Deno.test("daemonApiConfig: flags over the kubeconfig, its server when alone, clear errors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-daemon-api-" });
  try {
    const kc = `${dir}/config`;
    await Deno.writeTextFile(
      kc,
      `current-context: k
clusters: [{name: c, cluster: {server: "https://kc:6443"}}]
users: [{name: u, user: {token: kc-token}}]
contexts: [{name: k, context: {cluster: c, user: u}}]
`,
    );
    const env = () => undefined;
    const fromKc = daemonApiConfig({ kubeconfig: kc }, { serverFlag: "--master", env });
    assert.deepEqual([fromKc?.server, fromKc?.token], ["https://kc:6443", "kc-token"]);
    const flags = daemonApiConfig({ kubeconfig: kc, token: "flag" }, {
      server: "10.0.0.1:8080,10.0.0.2:8080",
      serverFlag: "--api-servers",
      env,
    });
    assert.deepEqual([flags?.server, flags?.token], ["http://10.0.0.1:8080", "flag"]);
    assert.equal(daemonApiConfig({}, { serverFlag: "--api-servers", env }), undefined);
    assert.equal(
      daemonApiConfig({}, { serverFlag: "--master", defaultServer: "http://127.0.0.1:8080", env })
        ?.server,
      "http://127.0.0.1:8080",
    );
    await Deno.writeTextFile(
      `${dir}/noserver`,
      "current-context: k\ncontexts: [{name: k, context: {}}]\n",
    );
    assert.throws(
      () => daemonApiConfig({ kubeconfig: `${dir}/noserver` }, { serverFlag: "--master", env }),
      /the kubeconfig .*noserver names no server for its current context; add clusters\[\]\.cluster\.server to it or pass --master/,
    );
    assert.throws(
      () =>
        daemonApiConfig({ clientCertificate: `${dir}/none.pem` }, { serverFlag: "--master", env }),
      /cannot read --client-certificate .*none\.pem/,
    );
    assert.throws(
      () => daemonApiConfig({}, { server: "h:1:2:3", serverFlag: "--master", env }),
      /\(from --master\) is not a valid URL/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("k8sm executor and scheduler accept --kubeconfig and name a missing one before starting", async () => {
  for (const cmd of ["executor", "scheduler"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", CLI, cmd, "--kubeconfig", "/nonexistent/k8sm/kubeconfig"],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 2, cmd);
    assert.equal(
      new TextDecoder().decode(out.stderr),
      `k8sm ${cmd}: the kubeconfig "/nonexistent/k8sm/kubeconfig" does not exist; check --kubeconfig\n`,
    );
  }
});
