/**
 * Services: a ClusterIP from --portal-net unless headless ("None") or ExternalName, NodePorts
 * for type NodePort/LoadBalancer; an explicit address or port outside the range or already
 * taken is a 422 on its field. Addresses are released when the service is deleted. Updates
 * keep the allocated ClusterIP and NodePorts when the new object omits them.
 */
import type { KubeObject } from "../api/object.ts";
import type { FieldError } from "../api/field_error.ts";
import { invalid } from "../api/status.ts";
import type { ClusterIpAllocator } from "./cluster_ip_allocator.ts";
import type { RangeAllocator } from "./range_allocator.ts";
import { type Allocation, keepStatus, type Strategy } from "./strategy.ts";

interface ServicePort {
  nodePort?: number;
  [k: string]: unknown;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
  [k: string]: unknown;
}

function specOf(obj: KubeObject): ServiceSpec {
  if (typeof obj.spec !== "object" || obj.spec === null) obj.spec = {};
  return obj.spec as ServiceSpec;
}

function wantsNodePorts(spec: ServiceSpec): boolean {
  return spec.type === "NodePort" || spec.type === "LoadBalancer";
}

/** Builds the service strategy over the two allocators. */
export function serviceStrategy(ips: ClusterIpAllocator, ports: RangeAllocator): Strategy {
  const fail = (obj: KubeObject, field: string, value: string, why: string): never => {
    const e: FieldError = {
      type: "FieldValueInvalid",
      field,
      message: `Invalid value: ${value}: ${why}`,
    };
    throw invalid("Service", obj.metadata.name ?? "", [e]);
  };

  return {
    prepareForCreate(obj) {
      obj.status = { loadBalancer: {} };
    },
    prepareForUpdate(obj, old) {
      keepStatus(obj, old);
      const spec = specOf(obj);
      const oldSpec = specOf(old);
      if ((spec.clusterIP === undefined || spec.clusterIP === "") && oldSpec.clusterIP) {
        spec.clusterIP = oldSpec.clusterIP;
        if (oldSpec.clusterIPs !== undefined) spec.clusterIPs = oldSpec.clusterIPs;
      }
      if (wantsNodePorts(spec) && Array.isArray(spec.ports) && Array.isArray(oldSpec.ports)) {
        spec.ports.forEach((p, i) => {
          const before = oldSpec.ports?.[i];
          if ((p.nodePort === undefined || p.nodePort === 0) && before?.nodePort) {
            p.nodePort = before.nodePort;
          }
        });
      }
    },
    allocate(obj, old): Allocation {
      const taken: (() => void)[] = [];
      const release = () => taken.splice(0).forEach((undo) => undo());
      try {
        const spec = specOf(obj);
        const oldSpec = old === undefined ? undefined : specOf(old);
        if (spec.type !== "ExternalName") {
          const ip = spec.clusterIP ?? "";
          if (ip === "" && oldSpec?.clusterIP === undefined) {
            const got = ips.allocate();
            if (got === undefined) {
              fail(obj, "spec.clusterIP", '""', `no free address left in ${ips.cidr}`);
            } else {
              spec.clusterIP = got;
              taken.push(() => ips.release(got));
            }
          } else if (ip !== "None" && ip !== oldSpec?.clusterIP) {
            const r = ips.claim(ip);
            if (r === "outOfRange") {
              fail(
                obj,
                "spec.clusterIP",
                `"${ip}"`,
                `provided IP is not in the valid range. ` +
                  `The range of valid IPs is ${ips.cidr}`,
              );
            } else if (r === "taken") {
              fail(obj, "spec.clusterIP", `"${ip}"`, "provided IP is already allocated");
            }
            taken.push(() => ips.release(ip));
          }
          if (spec.clusterIP !== undefined) spec.clusterIPs = [spec.clusterIP];
        }
        if (wantsNodePorts(spec)) {
          const had = new Set((oldSpec?.ports ?? []).map((p) => p.nodePort).filter(Boolean));
          (spec.ports ?? []).forEach((p, i) => {
            if (p.nodePort === undefined || p.nodePort === 0) {
              const n = ports.allocate();
              if (n === undefined) {
                fail(
                  obj,
                  `spec.ports[${i}].nodePort`,
                  "0",
                  `no free port left in ` +
                    `${ports.min}-${ports.max}`,
                );
              } else {
                p.nodePort = n;
                taken.push(() => ports.release(n));
              }
            } else if (!had.has(p.nodePort)) {
              const n = p.nodePort;
              const r = ports.claim(n);
              if (r === "outOfRange") {
                fail(
                  obj,
                  `spec.ports[${i}].nodePort`,
                  String(n),
                  `provided port is not in the ` +
                    `valid range. The range of valid ports is ${ports.min}-${ports.max}`,
                );
              } else if (r === "taken") {
                fail(
                  obj,
                  `spec.ports[${i}].nodePort`,
                  String(n),
                  "provided port is already allocated",
                );
              }
              taken.push(() => ports.release(n));
            }
          });
        }
      } catch (e) {
        release();
        throw e;
      }
      return { release };
    },
    release(obj, kept) {
      const spec = specOf(obj);
      const keptSpec = kept === undefined ? undefined : specOf(kept);
      const ip = spec.clusterIP;
      if (ip && ip !== "None" && ip !== keptSpec?.clusterIP) ips.release(ip);
      const still = new Set(
        keptSpec && wantsNodePorts(keptSpec) ? (keptSpec.ports ?? []).map((p) => p.nodePort) : [],
      );
      for (const p of spec.ports ?? []) {
        if (p.nodePort && !still.has(p.nodePort)) ports.release(p.nodePort);
      }
    },
  };
}

/** Marks what a stored service holds as used (rebuilding allocator state at start). */
export function markServiceAllocations(
  obj: KubeObject,
  ips: ClusterIpAllocator,
  ports: RangeAllocator,
): void {
  const spec = specOf(obj);
  if (spec.clusterIP && spec.clusterIP !== "None") ips.markUsed(spec.clusterIP);
  if (wantsNodePorts(spec)) {
    for (const p of spec.ports ?? []) if (p.nodePort) ports.markUsed(p.nodePort);
  }
}
