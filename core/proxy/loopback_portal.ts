/**
 * The userspace proxy's answer to clusterIP:port without iptables: every 127.0.0.0/8 address is
 * local on Linux without an alias, so when a service's clusterIP is loopback the proxy listens on
 * `clusterIP:port` itself, next to the service's proxy port and with the same balancer. A port
 * the host refuses (taken, or below 1024 without root) is logged once and skipped; the proxy
 * port still serves the service.
 */
import { logger } from "../util/log.ts";
import { ProxySocket } from "./proxy_socket.ts";
import type { RoundRobin } from "./round_robin.ts";

const log = logger("proxy");

/** True for an IPv4 address in 127.0.0.0/8 (local on Linux without an alias). */
export function isLoopbackIPv4(ip: string | undefined): boolean {
  return ip !== undefined && /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/** The listener of one service port on its loopback `clusterIP:port`, when it has one. */
export class LoopbackPortal {
  #socket: ProxySocket | undefined;
  #at: string | undefined;
  #refused: string | undefined;

  /** True while a listener answers on the clusterIP. */
  get listening(): boolean {
    return this.#socket !== undefined;
  }

  /**
   * Listens on `at` ("ip:port"), or on nothing when `at` is undefined, replacing the listener
   * of an earlier address. `name` names the service port in logs; `proxyPort` is the port to
   * suggest when the host refuses `at`.
   */
  async sync(
    name: string,
    at: string | undefined,
    balancer: RoundRobin,
    proxyPort: number,
  ): Promise<void> {
    if (this.#socket && this.#at === at) return;
    await this.close();
    if (!at || this.#refused === at) return;
    const colon = at.lastIndexOf(":");
    const ip = at.slice(0, colon);
    const port = Number(at.slice(colon + 1));
    try {
      this.#socket = ProxySocket.listen(name, balancer, port, ip);
      this.#at = at;
      log.info(`${name} also answers on its clusterIP ${at}`);
    } catch (e) {
      this.#refused = at;
      log.warn(
        `cannot listen on clusterIP ${at} for ${name} (${(e as Error).message}); reach it on ` +
          `its proxy port ${proxyPort} instead (ports below 1024 need root or a lower ` +
          `net.ipv4.ip_unprivileged_port_start)`,
      );
    }
  }

  /** Closes the listener and its connections. */
  async close(): Promise<void> {
    const s = this.#socket;
    this.#socket = undefined;
    this.#at = undefined;
    await s?.close();
  }
}
