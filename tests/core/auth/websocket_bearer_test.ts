/**
 * bearerToken: the Authorization header, or on a WebSocket upgrade (which browsers cannot give
 * headers) the `base64url.bearer.authorization.k8s.io.<token>` subprotocol, as kube-apiserver.
 */
import assert from "node:assert/strict";
import {
  bearerToken,
  WEBSOCKET_BEARER_PREFIX,
  withoutBearerProtocols,
} from "../../../core/auth/authenticator.ts";
import { base64url } from "../../../core/auth/jwt.ts";

const offer = (token: string) =>
  `v5.channel.k8s.io, v4.channel.k8s.io, ${WEBSOCKET_BEARER_PREFIX}${base64url(token)}`;

Deno.test("bearerToken: a WebSocket upgrade's bearer subprotocol carries the token", () => {
  const headers = new Headers({ upgrade: "websocket", "sec-websocket-protocol": offer("abc.def") });
  assert.equal(bearerToken(headers), "abc.def");
});

Deno.test("bearerToken: the Authorization header wins over the subprotocol", () => {
  const headers = new Headers({
    authorization: "Bearer from-header",
    upgrade: "websocket",
    "sec-websocket-protocol": offer("from-protocol"),
  });
  assert.equal(bearerToken(headers), "from-header");
});

Deno.test("bearerToken: the subprotocol counts only on a WebSocket upgrade and when well formed", () => {
  assert.equal(bearerToken(new Headers({ "sec-websocket-protocol": offer("t") })), undefined);
  const bad = new Headers({
    upgrade: "websocket",
    "sec-websocket-protocol": `${WEBSOCKET_BEARER_PREFIX}not*base64`,
  });
  assert.equal(bearerToken(bad), undefined);
  const none = new Headers({ upgrade: "websocket", "sec-websocket-protocol": "v5.channel.k8s.io" });
  assert.equal(bearerToken(none), undefined);
});

Deno.test("withoutBearerProtocols: the token entry is dropped before relaying, the rest kept", () => {
  assert.equal(withoutBearerProtocols(offer("secret")), "v5.channel.k8s.io, v4.channel.k8s.io");
  assert.equal(withoutBearerProtocols(`${WEBSOCKET_BEARER_PREFIX}${base64url("x")}`), "");
});
