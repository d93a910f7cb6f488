/**
 * The service-account volume Kubernetes' ServiceAccount admission adds to every pod (here added
 * by the executor, so the pod spec stays as written): a projected `kube-api-access` volume with
 * a TokenRequest token (`token`, refreshed before it expires), the cluster CA (`ca.crt`) and
 * the pod's namespace (`namespace`), mounted read-only at
 * /var/run/secrets/kubernetes.io/serviceaccount in every container. Not added when the pod or
 * its ServiceAccount says `automountServiceAccountToken: false`.
 */
import { ApiError } from "../../api/status.ts";
import type { Pod } from "../../api/types/pod.ts";
import type { PodObjectSource } from "./pod_object_source.ts";
import type { ExecutorVolume } from "./volume_payload.ts";

/** Where the token, CA and namespace appear in containers. */
export const SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The implicit volume's name (kube names it kube-api-access-<random>). */
export const SERVICE_ACCOUNT_VOLUME = "kube-api-access-k8sm";

/**
 * True when the implicit volume's failure means the cluster issues no tokens to this node (an
 * apiserver without a service-account signing key answers 404, one without the node's token
 * rule 403): the pod then runs without the volume, as on a cluster without token automount.
 */
export function tokensNotServed(e: unknown): boolean {
  const cause = e instanceof Error ? e.cause : undefined;
  return cause instanceof ApiError && (cause.code === 404 || cause.code === 403);
}

/** Whether `pod` gets the service-account volume: the pod's field wins, then the SA's. */
export async function automountsToken(pod: Pod, source: PodObjectSource): Promise<boolean> {
  const own = pod.spec?.automountServiceAccountToken;
  if (own !== undefined) return own;
  const ns = pod.metadata.namespace ?? "default";
  // An apiserver that does not let the node read the ServiceAccount: the token request decides.
  const sa = await source.serviceAccount(ns, pod.spec?.serviceAccountName || "default")
    .catch(() => undefined);
  return sa?.automountServiceAccountToken !== false;
}

/** The implicit volume for `pod`, or undefined when it does not automount a token. */
export async function serviceAccountVolume(
  pod: Pod,
  source: PodObjectSource,
): Promise<ExecutorVolume | undefined> {
  if (!await automountsToken(pod, source)) return undefined;
  if ((pod.spec?.volumes ?? []).some((v) => v.name === SERVICE_ACCOUNT_VOLUME)) return undefined;
  return {
    name: SERVICE_ACCOUNT_VOLUME,
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { path: "token", expirationSeconds: 3607 } },
        {
          downwardAPI: {
            items: [{
              path: "namespace",
              fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" },
            }],
          },
        },
      ],
    },
    clusterCa: { path: "ca.crt" },
  };
}
