import assert from "node:assert/strict";
import { createClientCertificate } from "../../../core/auth/pki/certificate.ts";
import { ApiError, ServerUnreachableError } from "../../../core/client/client_errors.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import type { WatchEvent } from "../../../core/client/watch_stream.ts";
import type { KubeObject } from "../../../core/api/object.ts";
import { waitFor } from "../../../core/util/wait.ts";
import {
  podManifest,
  type SecuredApiServer,
  startSecuredApiServer,
} from "../../_helpers/secured_apiserver.ts";

/** A RestClient on `api`'s in-process transport presenting a fresh certificate for `user`. */
function inProcessClient(api: SecuredApiServer, user: string, groups: string[] = []): RestClient {
  const cert = createClientCertificate(api.ca, user, groups);
  const identity = { certChain: cert.certPem, privateKey: cert.keyPem };
  return new RestClient({
    server: api.url,
    ...identity,
    transport: api.server.inProcess(identity),
  });
}

/** The apiserver_registered_watchers gauge for pods, read as the admin over HTTPS. */
async function podWatchers(api: SecuredApiServer): Promise<number> {
  const text = await (await api.admin.fetch("/metrics")).text();
  const line = text.split("\n").find((l) =>
    l.startsWith("apiserver_registered_watchers{") && l.includes('kind="Pod"')
  );
  return line ? Number(line.split(" ").at(-1)) : 0;
}

Deno.test("in-process transport: a RestClient on it is authenticated as its certificate's user", async () => {
  const api = await startSecuredApiServer();
  try {
    const client = inProcessClient(api, "alice", ["team-a"]);
    const review = await client.requestJson<{ status: { userInfo: Record<string, unknown> } }>(
      "POST",
      "/apis/authentication.k8s.io/v1/selfsubjectreviews",
      { body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } },
    );
    assert.equal(review.status.userInfo.username, "alice");
    assert.deepEqual(
      (review.status.userInfo.groups as string[]).filter((g) => g === "team-a"),
      ["team-a"],
    );
  } finally {
    await api.stop();
  }
});

Deno.test("in-process transport: RBAC answers 403 to a certificate user without rights", async () => {
  const api = await startSecuredApiServer();
  try {
    const client = inProcessClient(api, "mallory");
    const err = await client.list({ resource: "pods", namespace: "default" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApiError, `expected an ApiError, got ${err}`);
    assert.equal(err.code, 403);
    assert.match(err.message, /User "mallory" cannot list resource "pods"/);
  } finally {
    await api.stop();
  }
});

Deno.test("in-process transport: a watch over it streams events and abort ends it on both sides", async () => {
  const api = await startSecuredApiServer();
  try {
    const client = inProcessClient(api, "watcher", ["system:masters"]);
    const ac = new AbortController();
    const seen: WatchEvent<KubeObject>[] = [];
    const watching = (async () => {
      for await (
        const ev of client.watch({ resource: "pods", namespace: "default" }, {}, ac.signal)
      ) seen.push(ev);
    })();
    await waitFor(async () => await podWatchers(api) === 1, { what: "the watch to register" });
    for (const name of ["w1", "w2"]) {
      const r = await api.admin.json("/api/v1/namespaces/default/pods", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(podManifest(name)),
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    await waitFor(() => seen.length >= 2, { what: "two ADDED events over the in-process watch" });
    assert.deepEqual(
      seen.map((e) => `${e.type} ${e.object.metadata?.name}`),
      ["ADDED w1", "ADDED w2"],
    );
    ac.abort();
    await watching; // the iteration ends once aborted
    await waitFor(async () => await podWatchers(api) === 0, {
      what: "the server to drop the aborted watch",
    });
  } finally {
    await api.stop();
  }
});

Deno.test("in-process transport: refuses a key that does not match the certificate", async () => {
  const api = await startSecuredApiServer();
  try {
    const bob = createClientCertificate(api.ca, "bob");
    const eve = createClientCertificate(api.ca, "eve");
    assert.throws(
      () => api.server.inProcess({ certChain: bob.certPem, privateKey: eve.keyPem }),
      /the private key does not match the in-process client certificate/,
    );
  } finally {
    await api.stop();
  }
});

Deno.test("in-process transport: after the apiserver stopped a request is ServerUnreachable", async () => {
  const api = await startSecuredApiServer();
  const client = inProcessClient(api, "late", ["system:masters"]);
  await client.get({ resource: "namespaces", name: "default" });
  await api.stop();
  await assert.rejects(
    () => client.get({ resource: "namespaces", name: "default" }),
    (e: unknown) => e instanceof ServerUnreachableError && /has stopped/.test(e.message),
  );
});

Deno.test("in-process transport: an abort errors the body being read and refuses a new request, as fetch does", async () => {
  const api = await startSecuredApiServer();
  try {
    const cert = createClientCertificate(api.ca, "reader", ["system:masters"]);
    const transport = api.server.inProcess({ certChain: cert.certPem, privateKey: cert.keyPem });
    const url = `${api.url}/api/v1/namespaces/default/pods?watch=true`;
    const ac = new AbortController();
    const res = await transport(new Request(url, { signal: ac.signal }));
    assert.equal(res.status, 200);
    const pending = res.body!.getReader().read();
    ac.abort();
    const isAbort = (e: unknown) => e instanceof DOMException && e.name === "AbortError";
    await assert.rejects(pending, isAbort);
    await assert.rejects(transport(new Request(url, { signal: ac.signal })), isAbort);
    await waitFor(async () => await podWatchers(api) === 0, { what: "the watch to end" });
  } finally {
    await api.stop();
  }
});
