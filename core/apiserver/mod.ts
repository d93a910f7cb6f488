/**
 * The apiserver: `startApiServer` (what `k8sm apiserver` and `k8sm up` run), the handler as a
 * Request → Response function, its security settings, and its HTTPS/HTTP listeners.
 */
export * from "./serve_api.ts";
export * from "./api_handler.ts";
export * from "./conn_info.ts";
export * from "./https_front.ts";
export * from "./auth/api_security.ts";
export * from "./auth/load_security.ts";
export * from "./kubelet_target.ts";
export * from "./proxy_target.ts";
export { proxySubresourceRoute } from "./proxy_subresource.ts";
export { nodeProxyRoute } from "./node_proxy.ts";
export * from "./inflight_limit.ts";
export type { InProcessIdentity, InProcessTransport } from "./in_process_transport.ts";
export { type ContinuePoint, decodeContinue, encodeContinue } from "./continue_token.ts";
