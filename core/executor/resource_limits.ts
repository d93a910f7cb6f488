/**
 * A container's resource limits as numbers a runtime can apply (Docker HostConfig Memory,
 * NanoCpus, CpuShares), parsed from Kubernetes quantities ("250m", "0.5", "64Mi", "1G").
 */

import type { QuantityValue, RuntimeContainer } from "./pod_shape.ts";

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Parses a Kubernetes quantity into a plain number; throws a clear error when malformed. */
export function parseQuantity(q: QuantityValue): number {
  if (typeof q === "number") return q;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]?)$/
    .exec(q.trim());
  if (!m) {
    throw new Error(
      `resource quantity "${q}" is malformed; write e.g. "250m" or "0.5" for cpu, "64Mi" for memory`,
    );
  }
  return Number(m[1]) * SUFFIX[m[2]];
}

/** The numbers a runtime applies for one container. */
export interface ContainerLimits {
  /** Memory limit in bytes (0 = none). */
  memoryBytes: number;
  /** CPU limit in nano-CPUs (0 = none). */
  nanoCpus: number;
  /** CPU request as Docker CpuShares (1024 per core, at least 2; 0 = none). */
  cpuShares: number;
}

/** Reads limits (and the cpu request for shares) from a container's `resources`. */
export function containerLimits(container: RuntimeContainer): ContainerLimits {
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const mem = limits.memory !== undefined ? Math.floor(parseQuantity(limits.memory)) : 0;
  const cpu = limits.cpu !== undefined ? parseQuantity(limits.cpu) : 0;
  const reqCpu = requests.cpu ?? limits.cpu;
  const shares = reqCpu !== undefined ? Math.max(2, Math.round(parseQuantity(reqCpu) * 1024)) : 0;
  return { memoryBytes: mem, nanoCpus: Math.round(cpu * 1e9), cpuShares: shares };
}
