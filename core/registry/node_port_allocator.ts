/** NodePorts for services of type NodePort/LoadBalancer from `--service-node-port-range`. */
import { RangeAllocator } from "./range_allocator.ts";

/** Kubernetes' default node port range. */
export const DEFAULT_NODE_PORT_RANGE = "30000-32767";

/** Parses "a-b" (or "a+n") into an allocator; throws an Error naming the flag on bad text. */
export function nodePortAllocator(range: string = DEFAULT_NODE_PORT_RANGE): RangeAllocator {
  const m = /^\s*(\d+)\s*([-+])\s*(\d+)\s*$/.exec(range);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m ? (m[2] === "+" ? lo + Number(m[3]) : Number(m[3])) : NaN;
  if (!(lo >= 1 && hi <= 65535 && lo <= hi)) {
    throw new Error(
      `--service-node-port-range "${range}" is not a port range like ${DEFAULT_NODE_PORT_RANGE}`,
    );
  }
  return new RangeAllocator(lo, hi);
}
