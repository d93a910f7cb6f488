/**
 * Where the executor reads the API objects a pod's volumes and env refer to: ConfigMaps,
 * Secrets, ServiceAccounts and ServiceAccount tokens (TokenRequest), over the executor's
 * node-restricted client (the apiserver's node authorizer lets it read only what its pods use).
 * Reads are cached for a few seconds so one pod start does not ask twice for one object.
 */
import type { RestClient } from "../../client/rest_client.ts";
import { isNotFound } from "../../client/client_errors.ts";
import type { ConfigMap } from "../../api/types/config_map.ts";
import type { Secret } from "../../api/types/secret.ts";
import type { ServiceAccount } from "../../api/types/service_account.ts";

/** A token issued for a ServiceAccount. */
export interface IssuedToken {
  token: string;
  expirationTimestamp: string;
}

/** What a token request asks for. */
export interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
}

/** Reads the objects a pod refers to; `undefined` when the object does not exist. */
export interface PodObjectSource {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  serviceAccount(namespace: string, name: string): Promise<ServiceAccount | undefined>;
  token(namespace: string, serviceAccount: string, spec: TokenRequestSpec): Promise<IssuedToken>;
  /** The PEM CA of the apiserver's serving certificate (the pods' `ca.crt`), if known. */
  caPem(): string | undefined;
  /** `host` and `port` of the apiserver, for KUBERNETES_SERVICE_HOST/PORT. */
  apiServer(): { host: string; port: string } | undefined;
}

const CACHE_MS = 2000;

/** A PodObjectSource over the executor's REST client. */
export function restObjectSource(client: RestClient, caPem: () => string | undefined) {
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();
  const read = <T>(resource: string, namespace: string, name: string): Promise<T | undefined> => {
    const key = `${resource}/${namespace}/${name}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value as Promise<T | undefined>;
    const value = client.get({ resource, namespace, name }).catch((e) => {
      if (isNotFound(e)) return undefined;
      cache.delete(key);
      throw e;
    });
    cache.set(key, { at: Date.now(), value });
    return value as Promise<T | undefined>;
  };
  const source: PodObjectSource = {
    configMap: (ns, name) => read<ConfigMap>("configmaps", ns, name),
    secret: (ns, name) => read<Secret>("secrets", ns, name),
    serviceAccount: (ns, name) => read<ServiceAccount>("serviceaccounts", ns, name),
    async token(namespace, name, spec) {
      const res = await client.requestJson<{ status?: IssuedToken }>(
        "POST",
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/` +
          `${encodeURIComponent(name)}/token`,
        {
          body: {
            apiVersion: "authentication.k8s.io/v1",
            kind: "TokenRequest",
            spec: { audiences: spec.audiences, expirationSeconds: spec.expirationSeconds },
          },
        },
      );
      if (!res.status?.token) {
        throw new Error(
          `the apiserver answered the token request of ${namespace}/${name} without a token`,
        );
      }
      return res.status;
    },
    caPem,
    apiServer() {
      const u = new URL(client.config.server);
      const port = u.port || (u.protocol === "https:" ? "443" : "80");
      return { host: u.hostname.replace(/^\[|\]$/g, ""), port };
    },
  };
  return source;
}
