/**
 * Service ClusterIPs from `--portal-net` (the seed's -portal_net, default 10.10.10.0/24):
 * host addresses of the CIDR, network and broadcast addresses excluded.
 */
import { type ClaimResult, RangeAllocator } from "./range_allocator.ts";

/** The default service network, as in the seed. */
export const DEFAULT_PORTAL_NET = "10.10.10.0/24";

/** Parses dotted IPv4 text to a 32-bit number; undefined when it is not an IPv4 address. */
export function parseIPv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** Formats a 32-bit number as dotted IPv4 text. */
export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** Allocates ClusterIPs from one IPv4 CIDR. */
export class ClusterIpAllocator {
  readonly #range: RangeAllocator;
  readonly #base: number;

  /** Throws an Error naming the flag when `cidr` is not an IPv4 CIDR with room for services. */
  constructor(readonly cidr: string = DEFAULT_PORTAL_NET) {
    const m = /^([0-9.]+)\/(\d{1,2})$/.exec(cidr.trim());
    const addr = m ? parseIPv4(m[1]) : undefined;
    const bits = m ? Number(m[2]) : NaN;
    if (addr === undefined || !(bits >= 8 && bits <= 30)) {
      throw new Error(
        `--portal-net "${cidr}" is not an IPv4 CIDR between /8 and /30; ` +
          `use a form like ${DEFAULT_PORTAL_NET}`,
      );
    }
    const size = 2 ** (32 - bits);
    this.#base = addr - (addr % size);
    this.#range = new RangeAllocator(1, size - 2);
  }

  /** Takes the next free address; undefined when the network is full. */
  allocate(): string | undefined {
    const n = this.#range.allocate();
    return n === undefined ? undefined : formatIPv4(this.#base + n);
  }

  /** Takes a specific address. */
  claim(ip: string): ClaimResult {
    const n = parseIPv4(ip);
    return n === undefined ? "outOfRange" : this.#range.claim(n - this.#base);
  }

  /** Marks an address used (rebuilding from stored services). */
  markUsed(ip: string): void {
    const n = parseIPv4(ip);
    if (n !== undefined) this.#range.markUsed(n - this.#base);
  }

  /** Gives an address back. */
  release(ip: string): void {
    const n = parseIPv4(ip);
    if (n !== undefined && this.#range.contains(n - this.#base)) {
      this.#range.release(n - this.#base);
    }
  }

  /** Addresses in use. */
  get used(): number {
    return this.#range.used;
  }
}
