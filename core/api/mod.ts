/** Kubernetes object model: types, defaults, validation, selectors, conversion. */
export * from "./object.ts";
export * from "./kinds.ts";
