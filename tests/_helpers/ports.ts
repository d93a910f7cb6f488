/**
 * Ports for tests without fixed numbers: `freePort()` asks the kernel (port 0), and
 * `freePortRange()` finds a block of ports that nothing listens on, outside the kernel's
 * ephemeral range (32768–60999), for code that allocates from a range itself (NodePorts).
 */

/** An inclusive block of free ports. */
export interface PortRange {
  first: number;
  last: number;
  /** "first-last", the form of --service-node-port-range. */
  text: string;
}

/** Ports below the ephemeral range that are not privileged: the default search space. */
export const DEFAULT_SEARCH: Readonly<{ first: number; last: number }> = {
  first: 20000,
  last: 32767,
};

/** A port the kernel reports free on 127.0.0.1 (closed again before returning). */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** True when nothing listens on `port`, on any address or on loopback. */
export function portFree(port: number): boolean {
  for (const hostname of ["0.0.0.0", "127.0.0.1"]) {
    try {
      Deno.listen({ hostname, port }).close();
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * `size` consecutive ports within `search` (default 20000–32767) that are all free now,
 * starting at a random place so that concurrent runs rarely pick the same block.
 * Throws when no such block exists.
 */
export function freePortRange(
  size: number,
  search: { first: number; last: number } = DEFAULT_SEARCH,
): PortRange {
  const starts = search.last - search.first - size + 2;
  if (size < 1 || starts < 1) {
    throw new Error(`no block of ${size} ports fits in ${search.first}-${search.last}`);
  }
  const offset = Math.floor(Math.random() * starts);
  for (let i = 0; i < starts; i++) {
    const first = search.first + (offset + i) % starts;
    let ok = true;
    for (let p = first; p < first + size && ok; p++) ok = portFree(p);
    if (ok) {
      const last = first + size - 1;
      return { first, last, text: `${first}-${last}` };
    }
  }
  throw new Error(
    `no ${size} consecutive free ports in ${search.first}-${search.last}; stop what listens there`,
  );
}
