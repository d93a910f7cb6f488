/** The typed core/v1 and autoscaling/v1 kinds. */
export * from "./object_reference.ts";
export * from "./probe.ts";
export * from "./volume.ts";
export * from "./container_status.ts";
export * from "./pod.ts";
export * from "./service.ts";
export * from "./endpoints.ts";
export * from "./replication_controller.ts";
export * from "./node.ts";
export * from "./namespace.ts";
export * from "./event.ts";
export * from "./binding.ts";
export * from "./scale.ts";
