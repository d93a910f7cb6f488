/**
 * How an apiserver is secured, declaratively (what `k8sm apiserver`'s flags and `k8sm up`
 * produce), and the pieces built from it over the apiserver's own registries: the
 * authenticator chain (client certificates, static tokens, ServiceAccount tokens, node
 * tokens), the authorizer (RBAC over the watch cache, or AlwaysAllow), and the bootstrap RBAC
 * policy to create at start.
 */
import type { KubeObject } from "../../api/object.ts";
import type { ClusterRole } from "../../api/types/rbac.ts";
import {
  type Authenticator,
  bearerAuthenticator,
  staticTokenAuthenticator,
  type TokenAuthenticator,
  unionAuthenticator,
} from "../../auth/authenticator.ts";
import { bootstrapPolicy } from "../../auth/bootstrap_policy.ts";
import type { SigningKey, VerifyKey } from "../../auth/jwt.ts";
import { nodeTokenAuthenticator } from "../../auth/node_token.ts";
import { cachingClientCertificateVerifier } from "../../auth/pki/verify_client_certificate.ts";
import { effectiveClusterRoleRules, RbacAuthorizer } from "../../auth/rbac_authorizer.ts";
import { serviceAccountTokenAuthenticator } from "../../auth/service_account_authenticator.ts";
import type { UserInfo } from "../../auth/user_info.ts";
import { x509Authenticator } from "../../auth/x509_authenticator.ts";
import * as errors from "../../api/status.ts";
import type { RegistrySet } from "../../registry/registry_set.ts";
import type { KubeletClientIdentity } from "../kubelet_target.ts";
import { ALWAYS_ALLOW, type Authorizer } from "./access_control.ts";
import { cacheRbacSource } from "./cache_rbac_source.ts";

/** The security settings of one apiserver. */
export interface ApiSecurity {
  /** `--token-auth-file`, parsed. */
  tokens?: Map<string, UserInfo>;
  /** `--client-ca-file`: PEM CAs whose client certificates authenticate (CN user, O groups). */
  clientCaPems?: string[];
  /** `--service-account-key-file`: keys that verify ServiceAccount and node tokens. */
  serviceAccountKeys?: VerifyKey[];
  /** `--service-account-signing-key-file`: signs TokenRequests (and node tokens). */
  serviceAccountSigningKey?: SigningKey;
  /** `--service-account-issuer` (default https://kubernetes.default.svc.cluster.local). */
  serviceAccountIssuer?: string;
  /** `--authorization-mode`: RBAC (default) or AlwaysAllow. */
  authorizationMode?: "RBAC" | "AlwaysAllow";
  /** `--kubelet-client-certificate/-key`: the identity shown to executors. */
  kubeletClient?: KubeletClientIdentity;
}

async function exists(registries: RegistrySet, resource: string, ns: string, name: string) {
  try {
    return await registries.must(resource).get(ns, name);
  } catch (e) {
    if (errors.isApiError(e, 404)) return undefined;
    throw e;
  }
}

/** The authenticator chain of `security` over `registries`. */
export function buildAuthenticator(security: ApiSecurity, registries: RegistrySet): Authenticator {
  const chain: Authenticator[] = [];
  const cas = security.clientCaPems ?? [];
  if (cas.length > 0) chain.push(x509Authenticator(cachingClientCertificateVerifier(cas)));
  const judges: TokenAuthenticator[] = [];
  if (security.tokens) judges.push(staticTokenAuthenticator(security.tokens));
  const keys = security.serviceAccountKeys ?? [];
  if (keys.length > 0) {
    const uidIs = async (resource: string, ns: string, name: string, uid: string) => {
      const obj = await exists(registries, resource, ns, name);
      return obj !== undefined && (uid === "" || obj.metadata.uid === uid);
    };
    judges.push(serviceAccountTokenAuthenticator({
      keys,
      issuers: security.serviceAccountIssuer ? [security.serviceAccountIssuer] : undefined,
      serviceAccountExists: (ns, name, uid) => uidIs("serviceaccounts", ns, name, uid),
      podExists: (ns, name, uid) => uidIs("pods", ns, name, uid),
      nodeExists: (_ns, name, uid) => uidIs("nodes", "", name, uid),
    }));
    judges.push(nodeTokenAuthenticator({
      keys,
      nodeExists: async (name) => (await exists(registries, "nodes", "", name)) !== undefined,
    }));
  }
  if (judges.length > 0) chain.push(bearerAuthenticator(...judges));
  return unionAuthenticator(...chain);
}

/** The authorizer of `security`. */
export function buildAuthorizer(security: ApiSecurity, registries: RegistrySet): Authorizer {
  if (security.authorizationMode === "AlwaysAllow") return ALWAYS_ALLOW;
  const rbac = new RbacAuthorizer(cacheRbacSource(registries.cache));
  return {
    authorize: (attrs) => rbac.authorize(attrs),
    rulesFor: (user, ns) => rbac.rulesFor(user, ns),
  };
}

/**
 * The bootstrap RBAC objects (roles first). Aggregated ClusterRoles carry the rules they
 * aggregate, as Kubernetes' aggregation controller would write them, so `kubectl get
 * clusterrole admin -o yaml` shows what it grants.
 */
export function bootstrapRbacObjects(): KubeObject[] {
  const { clusterRoles, clusterRoleBindings } = bootstrapPolicy();
  const filled: ClusterRole[] = clusterRoles.map((r) =>
    r.aggregationRule ? { ...r, rules: effectiveClusterRoleRules(r, clusterRoles) } : r
  );
  return [...filled, ...clusterRoleBindings];
}
