/** Kubernetes object model: types, defaults, validation, selectors, conversion. */
export * from "./object.ts";
export * from "./kinds.ts";
export * from "./types/mod.ts";
export * from "./int_or_string.ts";
export * from "./quantity.ts";
export * from "./name_rules.ts";
export * from "./field_error.ts";
export * from "./selector_error.ts";
export * from "./label_selector.ts";
export * from "./field_selector.ts";
export * from "./defaults.ts";
export * from "./validation.ts";
export * from "./v1beta1/convert.ts";
export * from "./pod_qos.ts";
export * from "./schema/schema_registry.ts";
export * from "./schema/openapi_schema.ts";
