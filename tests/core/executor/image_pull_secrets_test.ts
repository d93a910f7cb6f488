/**
 * imagePullSecrets: the credential for an image's registry comes from the pod's
 * dockerconfigjson (or legacy dockercfg) Secrets, and the Docker runtime sends it as
 * X-Registry-Auth when it pulls (checked against an engine endpoint that records the header).
 */
import assert from "node:assert/strict";
import { imageRegistry, pullCredential } from "../../../core/executor/image_pull_secrets.ts";
import { DockerRuntime } from "../../../core/executor/runtimes/docker_runtime.ts";
import type { Pod } from "../../../core/api/types/pod.ts";
import type { Secret } from "../../../core/api/types/secret.ts";
import type { PodObjectSource } from "../../../core/executor/volumes/pod_object_source.ts";

const b64 = (s: string) => btoa(s);

const secrets: Record<string, Secret> = {
  regcred: {
    metadata: { name: "regcred" },
    type: "kubernetes.io/dockerconfigjson",
    data: {
      ".dockerconfigjson": b64(JSON.stringify({
        auths: {
          "registry.example.com:5000": { auth: b64("alice:pa:ss") },
          "https://index.docker.io/v1/": { username: "hubuser", password: "hubpw" },
        },
      })),
    },
  },
  legacy: {
    metadata: { name: "legacy" },
    type: "kubernetes.io/dockercfg",
    data: { ".dockercfg": b64(JSON.stringify({ "quay.io": { username: "q", password: "qp" } })) },
  },
};

const source: PodObjectSource = {
  configMap: () => Promise.resolve(undefined),
  secret: (_ns, name) => Promise.resolve(secrets[name]),
  serviceAccount: () => Promise.resolve(undefined),
  token: () => Promise.reject(new Error("none")),
  caPem: () => undefined,
  apiServer: () => undefined,
};

const pod: Pod = {
  metadata: { name: "p", namespace: "default" },
  spec: {
    imagePullSecrets: [{ name: "missing" }, { name: "regcred" }, { name: "legacy" }],
    containers: [{ name: "c", image: "x" }],
  },
};

Deno.test("imagePullSecrets: registry host of an image reference", () => {
  assert.equal(imageRegistry("busybox"), "docker.io");
  assert.equal(imageRegistry("library/busybox:1"), "docker.io");
  assert.equal(imageRegistry("registry.example.com:5000/app:v1"), "registry.example.com:5000");
  assert.equal(imageRegistry("localhost/app"), "localhost");
});

Deno.test("imagePullSecrets: the matching credential of dockerconfigjson and dockercfg secrets", async () => {
  assert.deepEqual(await pullCredential(pod, "registry.example.com:5000/app:v1", source), {
    serveraddress: "registry.example.com:5000",
    username: "alice",
    password: "pa:ss",
  });
  assert.deepEqual(await pullCredential(pod, "busybox", source), {
    serveraddress: "docker.io",
    username: "hubuser",
    password: "hubpw",
  });
  assert.deepEqual(await pullCredential(pod, "quay.io/a/b", source), {
    serveraddress: "quay.io",
    username: "q",
    password: "qp",
  });
  assert.equal(await pullCredential(pod, "other.example.org/x", source), undefined);
});

Deno.test("imagePullSecrets: the Docker runtime pulls with X-Registry-Auth", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-pull-auth-" });
  const path = `${dir}/engine.sock`;
  const headers: (string | null)[] = [];
  const server = Deno.serve({ path, transport: "unix", onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    if (url.pathname === "/_ping") return new Response("OK");
    if (url.pathname === "/version") return Response.json({ ApiVersion: "1.41" });
    if (url.pathname === "/v1.41/images/create") {
      headers.push(req.headers.get("x-registry-auth"));
      return new Response('{"status":"Pulled"}\n');
    }
    if (url.pathname.startsWith("/v1.41/images/")) {
      return headers.length ? Response.json({}) : Response.json({}, { status: 404 });
    }
    return Response.json({ message: "unexpected" }, { status: 500 });
  });
  const runtime = new DockerRuntime({ endpoint: `unix://${path}` });
  try {
    const cred = await pullCredential(pod, "registry.example.com:5000/app:v1", source);
    await runtime.pullImage("registry.example.com:5000/app:v1", "IfNotPresent", undefined, cred);
    assert.equal(headers.length, 1);
    const json = atob(headers[0]!.replaceAll("-", "+").replaceAll("_", "/"));
    assert.deepEqual(JSON.parse(json), {
      serveraddress: "registry.example.com:5000",
      username: "alice",
      password: "pa:ss",
    });
  } finally {
    await runtime.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
