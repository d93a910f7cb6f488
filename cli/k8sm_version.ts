/** The k8sm version, in a module of its own so `k8sm --version` loads no command. */
export const K8SM_VERSION = "0.1.0";
