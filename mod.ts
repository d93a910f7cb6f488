/**
 * k8sm's core library: Kubernetes on Apache Mesos.
 * Each area re-exports its public surface from its own `mod.ts`.
 */
export * from "./core/api/mod.ts";
export * from "./core/storage/mod.ts";
export * from "./core/util/mod.ts";
export * from "./core/mesos/mod.ts";
export * from "./core/client/mod.ts";
export * from "./core/scheduler/mod.ts";
export * from "./core/auth/mod.ts";
export * from "./core/apiserver/mod.ts";
export * from "./core/executor/mod.ts";
export * from "./core/streams/mod.ts";
export * from "./core/controllers/mod.ts";
export * from "./core/proxy/mod.ts";
export * from "./core/up/mod.ts";
