/**
 * Authentication and authorization: users and groups, the authenticator chain (client
 * certificates, static tokens, ServiceAccount and node tokens), RBAC with the bootstrap
 * policy, NodeRestriction, the cluster PKI and the credential directories `k8sm certs` writes.
 */
export * from "./user_info.ts";
export * from "./authenticator.ts";
export * from "./rbac_authorizer.ts";
export * from "./rbac_rules.ts";
export * from "./bootstrap_policy.ts";
export * from "./component_roles.ts";
export * from "./node_restriction.ts";
export * from "./node_token.ts";
export * from "./service_account_token.ts";
export * from "./cluster_credentials.ts";
export * from "./pki/cluster_pki.ts";
export * from "./pki/certificate.ts";
