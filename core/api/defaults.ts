import type { KubeObject } from "./object.ts";

/**
 * Fills in Kubernetes' defaults for the object's kind, in place (restartPolicy, dnsPolicy,
 * protocol TCP, imagePullPolicy, terminationGracePeriodSeconds, service type, …).
 * STUB: the api helper replaces this body.
 */
export function applyDefaults(_obj: KubeObject): void {}
