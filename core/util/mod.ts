/** Small shared utilities. */
export * from "./log.ts";
export * from "./backoff.ts";
export * from "./wait.ts";
