/** Small shared utilities. */
export * from "./log.ts";
export * from "./backoff.ts";
export * from "./wait.ts";
export * from "./rfc3339_nano.ts";
