/**
 * The executor (kubelet): `startExecutor` (what `k8sm executor` runs), the runtime interface,
 * the kubelet endpoint and the credentials executors receive in task data.
 */
export * from "./executor_main.ts";
export * from "./runtime.ts";
export * from "./log_server.ts";
export * from "./exec_endpoint.ts";
export * from "./kubelet_guard.ts";
export * from "./executor_credentials.ts";
