/** `k8sm up`: the whole cluster in one process, secured by default. */
export * from "./all_in_one.ts";
export * from "./up_security.ts";
export * from "./kubeconfig_file.ts";
