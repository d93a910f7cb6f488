import assert from "node:assert/strict";
import {
  chooseApiVersion,
  DockerApiError,
  DockerClient,
  resolveDockerEndpoint,
} from "../../../../core/executor/docker/docker_client.ts";

Deno.test("resolveDockerEndpoint: flag, DOCKER_HOST and the default socket", () => {
  assert.deepEqual(resolveDockerEndpoint("unix:///run/p.sock", ""), {
    kind: "unix",
    path: "/run/p.sock",
  });
  assert.deepEqual(resolveDockerEndpoint(undefined, "unix:///x/docker.sock"), {
    kind: "unix",
    path: "/x/docker.sock",
  });
  assert.deepEqual(resolveDockerEndpoint("", ""), {
    kind: "unix",
    path: "/var/run/docker.sock",
  });
  assert.deepEqual(resolveDockerEndpoint("tcp://10.0.0.1:2375", ""), {
    kind: "tcp",
    base: "http://10.0.0.1:2375",
  });
  assert.throws(() => resolveDockerEndpoint("ftp://x", ""), /ftp:\/\/x/);
});

Deno.test("chooseApiVersion prefers 1.41 within the engine's range", () => {
  assert.equal(chooseApiVersion("1.24", "1.41"), "1.41");
  assert.equal(chooseApiVersion("1.24", "1.47"), "1.41");
  assert.equal(chooseApiVersion("1.12", "1.40"), "1.40");
  assert.equal(chooseApiVersion("1.44", "1.51"), "1.44");
  assert.equal(chooseApiVersion(undefined, ""), "1.41");
});

Deno.test("DockerClient over a unix socket: negotiation, JSON, chunked bodies, errors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-docker-client-" });
  const path = `${dir}/engine.sock`;
  const seen: string[] = [];
  const server = Deno.serve({ path, transport: "unix", onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    seen.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.pathname === "/_ping") return new Response("OK");
    if (url.pathname === "/version") {
      return Response.json({ ApiVersion: "1.45", MinAPIVersion: "1.24" });
    }
    if (url.pathname === "/v1.41/containers/json") return Response.json([{ Id: "abc" }]);
    if (url.pathname === "/v1.41/stream") {
      const enc = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(enc.encode('{"status":"a"}\n'));
          c.enqueue(enc.encode('{"status":"b"}\n'));
          c.close();
        },
      });
      return new Response(body);
    }
    return Response.json({ message: "No such container: zzz" }, { status: 404 });
  });
  const client = new DockerClient(`unix://${path}`);
  try {
    assert.equal(await client.apiVersion(), "1.41");
    const list = await client.json<{ Id: string }[]>("GET", "/containers/json", {
      query: { all: true, filters: '{"label":["a=b"]}' },
    });
    assert.deepEqual(list, [{ Id: "abc" }]);
    assert.ok(seen.some((s) => s.startsWith("GET /v1.41/containers/json?all=1&filters=")));
    const text = await (await client.request("GET", "/stream")).text();
    assert.equal(text, '{"status":"a"}\n{"status":"b"}\n');
    await assert.rejects(
      client.call("GET", "/containers/zzz/json"),
      (e) => e instanceof DockerApiError && e.status === 404 && /No such container/.test(e.message),
    );
  } finally {
    client.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("DockerClient: an absent engine gives a sentence naming the endpoint", async () => {
  const client = new DockerClient("unix:///nonexistent/k8sm-docker.sock");
  try {
    await assert.rejects(
      client.apiVersion(),
      /cannot reach the Docker Engine API at unix:\/\/\/nonexistent\/k8sm-docker.sock/,
    );
  } finally {
    client.close();
  }
});
