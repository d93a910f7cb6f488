/** Small shared utilities. */
export * from "./log.ts";
