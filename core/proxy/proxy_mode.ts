/**
 * Which proxy mode `k8sm up` and `k8sm proxy` run when none is asked for (`--proxy-mode=auto`):
 * a service's `clusterIP:port` is reachable only through the iptables redirects, which need root
 * and a working iptables; so auto picks iptables where both hold, else userspace, whose services
 * are reached on their proxy ports (and through the apiserver's services/NAME/proxy), and on
 * `clusterIP:port` only when the service network is loopback (the proxy listens there; `up`
 * defaults to one in userspace mode). Also names the per-cluster nat chain, so clusters on one
 * host keep their own.
 */

/** A mode flag value: a mode, or "auto". */
export type ProxyModeFlag = "auto" | "userspace" | "iptables";

/** The mode chosen and, for userspace, what it means for clusterIPs. */
export interface ResolvedProxyMode {
  mode: "userspace" | "iptables";
  /** A sentence for the operator (why this mode; how services are reached). */
  note: string;
}

/** How a userspace-mode service is reached, for `up`'s output and the README. */
export const USERSPACE_CLUSTER_IP_NOTE =
  "clusterIP:port is not reachable in userspace mode (redirecting it needs iptables, i.e. " +
  "root); reach a service on its proxy port (printed above, and in the service annotation " +
  "k8s.mesosphere.io/proxyPort-<port>) or its nodePort, or through the API: kubectl get --raw " +
  "/api/v1/namespaces/NS/services/NAME:PORT/proxy/";

/** The service network of `up` by default in iptables mode. */
export const DEFAULT_PORTAL_NET = "10.10.10.0/24";

/**
 * The service network of `up` by default in userspace mode: loopback, because every
 * 127.0.0.0/8 address is local on Linux without an alias, so the proxy can listen on
 * `clusterIP:port` itself and the host reaches it with no extra setup.
 */
export const LOOPBACK_PORTAL_NET = "127.10.10.0/24";

/** How a userspace-mode service on a loopback service network is reached. */
export const USERSPACE_LOOPBACK_NOTE =
  "clusterIP:port answers on this host: the service network is loopback (127.0.0.0/8 needs " +
  "no alias on Linux) and the proxy listens on each clusterIP:port (ports below 1024 only as " +
  "root); a service is also reached on its proxy port or nodePort, or through the API: " +
  "kubectl get --raw /api/v1/namespaces/NS/services/NAME:PORT/proxy/";

/** The service network for `mode`: `given` when set, else loopback for userspace. */
export function portalNetFor(mode: "userspace" | "iptables", given?: string): string {
  if (given) return given;
  return mode === "userspace" ? LOOPBACK_PORTAL_NET : DEFAULT_PORTAL_NET;
}

/** True when `cidr` lies in 127.0.0.0/8. */
export function isLoopbackNet(cidr: string): boolean {
  return /^127\./.test(cidr);
}

/** Parses a `--proxy-mode` value; throws a sentence naming the value otherwise. */
export function parseProxyModeFlag(value: string): ProxyModeFlag {
  if (value === "auto" || value === "userspace" || value === "iptables") return value;
  throw new Error(`--proxy-mode "${value}" is not auto, userspace or iptables`);
}

/** True when this process is root and `iptables -t nat` answers. */
export async function iptablesUsable(): Promise<boolean> {
  if (Deno.build.os !== "linux" || Deno.uid() !== 0) return false;
  try {
    const out = await new Deno.Command("iptables", {
      args: ["-w", "-t", "nat", "-S", "OUTPUT"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** Resolves `auto` (iptables when root with a working iptables, else userspace). */
export async function resolveProxyMode(
  flag: ProxyModeFlag,
  usable: () => Promise<boolean> = iptablesUsable,
): Promise<ResolvedProxyMode> {
  if (flag === "iptables") {
    return { mode: "iptables", note: "clusterIP:port is redirected to the proxy (iptables)" };
  }
  if (flag === "userspace") return { mode: "userspace", note: USERSPACE_CLUSTER_IP_NOTE };
  if (await usable()) {
    return {
      mode: "iptables",
      note: "running as root with iptables: clusterIP:port is redirected to the proxy " +
        "(--proxy-mode=userspace to leave the nat table alone)",
    };
  }
  return {
    mode: "userspace",
    note: `${USERSPACE_CLUSTER_IP_NOTE}; run as root with iptables for clusterIPs`,
  };
}

/**
 * The nat chain of one cluster, from a key that names it (its data directory): at most 28
 * characters, as iptables allows, and the same for the same key, so a restarted cluster
 * replaces its own rules and two clusters on one host never remove each other's.
 */
export async function portalChainFor(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  const hex = [...new Uint8Array(digest).slice(0, 4)]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  return `K8SM-PORTALS-${hex.toUpperCase()}`;
}
