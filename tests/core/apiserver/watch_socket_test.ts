/**
 * Watches over WebSocket on a secured apiserver (real HTTPS, client certificates and a
 * ServiceAccount token carried in the bearer subprotocol, RBAC): events as text messages, the
 * same selectors, authentication and authorization as the HTTP watch, and 410 as an ERROR event.
 */
import assert from "node:assert/strict";
import { base64url } from "../../../core/auth/jwt.ts";
import { WEBSOCKET_BEARER_PREFIX } from "../../../core/auth/authenticator.ts";
import { createClientCertificate } from "../../../core/auth/pki/certificate.ts";
import { MASTERS_GROUP } from "../../../core/auth/user_info.ts";
import {
  type ClientWebSocket,
  dialWebSocket,
  WebSocketRefusedError,
} from "../../../core/client/websocket_dial.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { startTestApiServer, type TestApiServer } from "../../_helpers/apiserver.ts";
import {
  jsonRequest,
  podManifest,
  type SecuredApiServer,
  startSecuredApiServer,
} from "../../_helpers/secured_apiserver.ts";

interface WatchEvent {
  type: string;
  object: { kind?: string; code?: number; metadata?: { name?: string } };
}

interface OpenedWatch {
  ws: ClientWebSocket;
  events: WatchEvent[];
  /** Every message arrived as a text frame. */
  allText: () => boolean;
  /** Waits until `n` events arrived. */
  awaitCount(n: number): Promise<void>;
}

const CONFIGMAPS = "/api/v1/namespaces/default/configmaps";
const PROTOCOL = "k8sm.watch";

/** Opens a watch WebSocket with a client certificate (`cert`) or a bearer subprotocol. */
async function openWatch(
  api: SecuredApiServer,
  path: string,
  who: { cert?: { certPem: string; keyPem: string }; token?: string } = {},
): Promise<OpenedWatch> {
  const events: WatchEvent[] = [];
  let text = true;
  const protocols = who.token
    ? [`${WEBSOCKET_BEARER_PREFIX}${base64url(who.token)}`, PROTOCOL]
    : [PROTOCOL];
  const ws = await dialWebSocket(
    {
      server: api.url,
      caCerts: [api.ca.certPem],
      certChain: who.cert?.certPem,
      privateKey: who.cert?.keyPem,
    },
    path,
    protocols,
    {
      onMessage(data, isText) {
        text &&= isText;
        events.push(JSON.parse(new TextDecoder().decode(data)));
      },
    },
  );
  return {
    ws,
    events,
    allText: () => text,
    awaitCount: async (n) => {
      await waitFor(() => events.length >= n, {
        timeoutMs: 10_000,
        what: `${n} watch events on ${path} (got ${events.length})`,
      });
    },
  };
}

async function refusal(
  api: SecuredApiServer,
  path: string,
  who: { cert?: { certPem: string; keyPem: string }; token?: string },
): Promise<WebSocketRefusedError> {
  try {
    const w = await openWatch(api, path, who);
    w.ws.close();
  } catch (e) {
    if (e instanceof WebSocketRefusedError) return e;
    throw e;
  }
  throw new Error(`the watch upgrade of ${path} was accepted; a refusal was expected`);
}

async function configMap(api: SecuredApiServer, name: string, labels: Record<string, string>) {
  const r = await api.admin.json(
    CONFIGMAPS,
    jsonRequest("POST", { metadata: { name, labels }, data: { v: "1" } }),
  );
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { metadata: { resourceVersion: string } };
}

/** A ServiceAccount token for default/viewer, bound to the `view` ClusterRole cluster-wide. */
async function viewerToken(api: SecuredApiServer): Promise<string> {
  const sa = await api.admin.json(
    "/api/v1/namespaces/default/serviceaccounts",
    jsonRequest("POST", { metadata: { name: "viewer" } }),
  );
  assert.equal(sa.status, 201, JSON.stringify(sa.body));
  const binding = await api.admin.json(
    "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
    jsonRequest("POST", {
      metadata: { name: "viewer-view" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
      subjects: [{ kind: "ServiceAccount", name: "viewer", namespace: "default" }],
    }),
  );
  assert.equal(binding.status, 201, JSON.stringify(binding.body));
  const tr = await api.admin.json(
    "/api/v1/namespaces/default/serviceaccounts/viewer/token",
    jsonRequest("POST", { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest" }),
  );
  assert.equal(tr.status, 201, JSON.stringify(tr.body));
  return (tr.body.status as { token: string }).token;
}

Deno.test("watch over WebSocket on a secured apiserver", async (t) => {
  const api = await startSecuredApiServer();
  const adminCert = createClientCertificate(api.ca, "ws-watch-admin", [MASTERS_GROUP]);
  try {
    await t.step("a watch receives ADDED, MODIFIED and DELETED as text messages", async () => {
      const list = await api.admin.json(CONFIGMAPS);
      const rv = (list.body.metadata as { resourceVersion: string }).resourceVersion;
      const w = await openWatch(api, `${CONFIGMAPS}?watch=1&resourceVersion=${rv}`, {
        cert: adminCert,
      });
      try {
        assert.equal(w.ws.protocol, PROTOCOL);
        await configMap(api, "live", {});
        await api.admin.json(
          `${CONFIGMAPS}/live`,
          jsonRequest("PATCH", { data: { v: "2" } }, "application/merge-patch+json"),
        );
        await api.admin.json(`${CONFIGMAPS}/live`, { method: "DELETE" });
        await w.awaitCount(3);
        assert.deepEqual(
          w.events.map((e) => `${e.type} ${e.object.metadata?.name}`),
          ["ADDED live", "MODIFIED live", "DELETED live"],
        );
        assert.ok(w.allText(), "every event is one text message");
      } finally {
        w.ws.close();
      }
      assert.equal(await w.ws.closed, 1000);
    });

    await t.step("labelSelector filters the events", async () => {
      const w = await openWatch(api, `${CONFIGMAPS}?watch=1&labelSelector=app%3Da`, {
        cert: adminCert,
      });
      try {
        // b is written first: had it passed the selector, it would arrive before a.
        await configMap(api, "b", { app: "b" });
        await configMap(api, "a", { app: "a" });
        await w.awaitCount(1);
        assert.deepEqual(w.events.map((e) => `${e.type} ${e.object.metadata?.name}`), [
          "ADDED a",
        ]);
      } finally {
        w.ws.close();
      }
    });

    await t.step("an upgrade without credentials or with an unknown token is 401", async () => {
      assert.equal((await refusal(api, `${CONFIGMAPS}?watch=1`, {})).status, 401);
      assert.equal(
        (await refusal(api, `${CONFIGMAPS}?watch=1`, { token: "not-a-token" })).status,
        401,
      );
    });

    await t.step(
      "a view user (token in the subprotocol) may watch pods but not secrets (403)",
      async () => {
        const token = await viewerToken(api);
        const w = await openWatch(api, "/api/v1/namespaces/default/pods?watch=1", { token });
        try {
          assert.equal(w.ws.protocol, PROTOCOL, "the server answers the non-token subprotocol");
          const r = await api.admin.json(
            "/api/v1/namespaces/default/pods",
            jsonRequest("POST", podManifest("watched")),
          );
          assert.equal(r.status, 201, JSON.stringify(r.body));
          await w.awaitCount(1);
          assert.equal(w.events[0].type, "ADDED");
          assert.equal(w.events[0].object.metadata?.name, "watched");
        } finally {
          w.ws.close();
        }
        const denied = await refusal(api, "/api/v1/namespaces/default/secrets?watch=1", {
          token,
        });
        assert.equal(denied.status, 403);
        assert.match(denied.message, /cannot watch resource "secrets"/);
      },
    );

    await t.step(
      "timeoutSeconds ends the watch: the server closes the socket with 1000",
      async () => {
        const w = await openWatch(api, `${CONFIGMAPS}?watch=1&timeoutSeconds=1`, {
          cert: adminCert,
        });
        assert.equal(await w.ws.closed, 1000);
      },
    );

    await t.step("a too old resourceVersion yields an ERROR event with code 410", async () => {
      const first = await configMap(api, "old", { i: "0" });
      let last = first;
      for (let i = 1; i <= 3; i++) {
        const r = await api.admin.json(
          `${CONFIGMAPS}/old`,
          jsonRequest(
            "PATCH",
            { metadata: { labels: { i: String(i) } } },
            "application/merge-patch+json",
          ),
        );
        last = r.body as typeof first;
      }
      await api.server.handler.compact(Number(last.metadata.resourceVersion));
      const w = await openWatch(
        api,
        `${CONFIGMAPS}?watch=1&resourceVersion=${first.metadata.resourceVersion}`,
        { cert: adminCert },
      );
      await w.awaitCount(1);
      assert.equal(w.events[0].type, "ERROR");
      assert.equal(w.events[0].object.kind, "Status");
      assert.equal(w.events[0].object.code, 410);
      assert.equal(await w.ws.closed, 1000, "the server closes the socket after the error");
    });
  } finally {
    await api.stop();
  }
});

/** Registered ConfigMap watchers, from the apiserver's metrics. */
function configMapWatchers(t: TestApiServer): number {
  const line = t.server.handler.metrics.render().split("\n").find((l) =>
    l.startsWith('apiserver_registered_watchers{kind="ConfigMap"}')
  );
  return Number(line?.split(" ")[1] ?? 0);
}

/** Sends a watch upgrade by hand (`extra` header lines added); returns the answer's start. */
async function rawUpgrade(
  t: TestApiServer,
  path: string,
  extra: string[] = [],
): Promise<{ conn: Deno.Conn; head: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: t.server.port });
  const request = [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${t.server.port}`,
    "Connection: Upgrade",
    "Upgrade: websocket",
    "Sec-WebSocket-Version: 13",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    ...extra,
  ].join("\r\n") + "\r\n\r\n";
  await conn.write(new TextEncoder().encode(request));
  const buf = new Uint8Array(2048);
  const n = await conn.read(buf);
  return { conn, head: new TextDecoder().decode(buf.subarray(0, n ?? 0)) };
}

Deno.test("watch over WebSocket: closing ends the watcher, a client that answers no ping is dropped", async () => {
  const t = await startTestApiServer("memory", { heartbeatMs: 200 });
  const path = `${CONFIGMAPS}?watch=1`;
  try {
    const received: string[] = [];
    const answering = await dialWebSocket({ server: t.url }, path, [], {
      onMessage: (data) => received.push(JSON.parse(new TextDecoder().decode(data)).type),
    });
    await waitFor(() => configMapWatchers(t) === 1, { what: "the first watcher registered" });
    // A raw client that completes the handshake and then reads nothing and answers no ping.
    const mute = await rawUpgrade(t, path);
    assert.match(mute.head, /^HTTP\/1\.1 101 /);
    // The watcher registers before the 101 is written, so both count now until one is dropped.
    await waitFor(() => configMapWatchers(t) === 1, {
      what: "the mute client dropped after unanswered pings",
    });
    mute.conn.close();
    // The client that answers pings outlived those heartbeats and still gets events.
    const r = await t.json(CONFIGMAPS, jsonRequest("POST", { metadata: { name: "after" } }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await waitFor(() => received.length === 1, { what: "the answering client's ADDED event" });
    assert.deepEqual(received, ["ADDED"]);
    answering.close();
    assert.equal(await answering.closed, 1000);
    await waitFor(() => configMapWatchers(t) === 0, { what: "the closed watch unregistered" });
  } finally {
    await t.stop();
  }
});

Deno.test("watch over WebSocket: a page of another origin is refused 403, its own origin let in", async () => {
  const t = await startTestApiServer();
  const path = `${CONFIGMAPS}?watch=1`;
  try {
    const foreign = await rawUpgrade(t, path, ["Origin: https://evil.example"]);
    foreign.conn.close();
    assert.match(foreign.head, /^HTTP\/1\.1 403 /);
    assert.match(foreign.head, /the page at https:\/\/evil\.example is refused/);
    const own = await rawUpgrade(t, path, [`Origin: http://127.0.0.1:${t.server.port}`]);
    own.conn.close();
    assert.match(own.head, /^HTTP\/1\.1 101 /);
  } finally {
    await t.stop();
  }
});
