/**
 * The iptables "portals" of `--proxy-mode=iptables`, as the seed's userspace kube-proxy had:
 * traffic to `clusterIP:port` (from this host, nat OUTPUT, and from elsewhere, nat PREROUTING)
 * is REDIRECTed to the proxy's local listener. All rules live in one chain of the nat table
 * (default K8SM-PORTALS) that is jumped to from OUTPUT and PREROUTING and removed on close.
 */
import { logger } from "../util/log.ts";

const log = logger("proxy");

/** One redirect: TCP to `ip:port` goes to the local `toPort`. */
export interface Portal {
  ip: string;
  port: number;
  toPort: number;
}

async function iptables(args: string[]): Promise<{ ok: boolean; err: string }> {
  try {
    const out = await new Deno.Command("iptables", {
      args: ["-w", ...args],
      stdout: "null",
      stderr: "piped",
    })
      .output();
    return { ok: out.success, err: new TextDecoder().decode(out.stderr).trim() };
  } catch (e) {
    return { ok: false, err: (e as Error).message };
  }
}

const ruleArgs = (p: Portal) => [
  "-d",
  `${p.ip}/32`,
  "-p",
  "tcp",
  "--dport",
  String(p.port),
  "-j",
  "REDIRECT",
  "--to-ports",
  String(p.toPort),
];

/** The portal chain of one proxy. */
export class IptablesPortals {
  readonly #rules = new Map<string, Portal>();

  private constructor(readonly chain: string) {}

  /**
   * Creates (or empties) the chain and hooks it into nat OUTPUT and PREROUTING; throws an Error
   * saying what to do when iptables is missing or this process may not use it.
   */
  static async open(chain = "K8SM-PORTALS"): Promise<IptablesPortals> {
    if (Deno.uid() !== 0) {
      throw new Error(
        "--proxy-mode=iptables needs root (to change the nat table); run as root or use --proxy-mode=userspace",
      );
    }
    const probe = await iptables(["-t", "nat", "-S", "OUTPUT"]);
    if (!probe.ok) {
      throw new Error(
        `--proxy-mode=iptables cannot use iptables (${probe.err}); install iptables or use --proxy-mode=userspace`,
      );
    }
    const portals = new IptablesPortals(chain);
    await iptables(["-t", "nat", "-N", chain]);
    await iptables(["-t", "nat", "-F", chain]);
    for (const hook of ["OUTPUT", "PREROUTING"]) {
      const has = await iptables(["-t", "nat", "-C", hook, "-j", chain]);
      if (!has.ok) {
        const r = await iptables(["-t", "nat", "-I", hook, "1", "-j", chain]);
        if (!r.ok) throw new Error(`cannot hook ${chain} into nat ${hook}: ${r.err}`);
      }
    }
    return portals;
  }

  /** Makes the chain hold exactly `portals`. */
  async sync(portals: Portal[]): Promise<void> {
    const want = new Map(portals.map((p) => [`${p.ip}:${p.port}>${p.toPort}`, p]));
    for (const [k, p] of this.#rules) {
      if (want.has(k)) continue;
      await iptables(["-t", "nat", "-D", this.chain, ...ruleArgs(p)]);
      this.#rules.delete(k);
    }
    for (const [k, p] of want) {
      if (this.#rules.has(k)) continue;
      const r = await iptables(["-t", "nat", "-A", this.chain, ...ruleArgs(p)]);
      if (r.ok) this.#rules.set(k, p);
      else log.warn(`cannot redirect ${p.ip}:${p.port} to port ${p.toPort}: ${r.err}`);
    }
  }

  /** The redirects in place. */
  list(): Portal[] {
    return [...this.#rules.values()];
  }

  /** Unhooks and deletes the chain. */
  async close(): Promise<void> {
    for (const hook of ["OUTPUT", "PREROUTING"]) {
      while ((await iptables(["-t", "nat", "-D", hook, "-j", this.chain])).ok) { /* all copies */ }
    }
    await iptables(["-t", "nat", "-F", this.chain]);
    await iptables(["-t", "nat", "-X", this.chain]);
    this.#rules.clear();
  }
}
