/** The controller-manager: replication, endpoints and garbage collection controllers. */
export * from "./controller_manager.ts";
