/**
 * Reads the host ports the scheduler mapped for a bound pod (annotation
 * `k8s.mesosphere.io/hostPorts`, `{"8080/TCP": 31005}`), so that controllers and the proxy
 * find a container port served on a host port under the process runtime or wildcard mapping.
 */
import type { Pod } from "../api/types/pod.ts";
import { HOST_PORTS_ANNOTATION } from "../scheduler/annotations.ts";

/** The mapped host ports of `pod` keyed "<containerPort>/<PROTOCOL>" (empty when none). */
export function readHostPorts(pod: Pod): Record<string, number> {
  const raw = pod.metadata.annotations?.[HOST_PORTS_ANNOTATION];
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (!v || typeof v !== "object" || Array.isArray(v)) return {};
    const out: Record<string, number> = {};
    for (const [k, port] of Object.entries(v)) {
      if (typeof port === "number" && Number.isInteger(port) && port > 0) out[k] = port;
    }
    return out;
  } catch {
    return {};
  }
}
