/**
 * Default agent resources sized from the host, like a Mesos agent without `--resources`:
 * cpus = cores, mem = total memory − 1 GiB, disk = free space of the work dir − 5 GiB (at least
 * 1 GiB), ports = [31000-32000] for the first agent, with later agents of the same host given
 * disjoint ranges (ports given in `--resources` are split between the agents likewise); and the
 * `--attributes` text (`rack:r1;zone:a`).
 */
import type { Attribute, Resource } from "./mesos_types.ts";
import { parseResourcesText } from "../resource_text.ts";

/** The port range of agent `index` of `count` agents sharing one host. */
export function defaultPortRange(index: number, count: number): { begin: number; end: number } {
  const span = Math.min(1001, Math.floor((65535 - 31000) / Math.max(1, count)));
  const begin = 31000 + index * span;
  return { begin, end: begin + span - 1 };
}

function freeDiskMb(dir: string): number {
  try {
    const out = new Deno.Command("df", { args: ["-Pm", dir], stdout: "piped", stderr: "null" })
      .outputSync();
    const line = new TextDecoder().decode(out.stdout).trim().split("\n")[1] ?? "";
    const available = Number(line.split(/\s+/)[3]);
    if (Number.isFinite(available)) return available;
  } catch {
    // df missing: fall through
  }
  return 10_240;
}

/** The host-sized default resource text of agent `index` of `count`. */
export function defaultResourcesText(workDir: string, index: number, count: number): string {
  const cpus = navigator.hardwareConcurrency || 1;
  const totalMb = Math.floor(Deno.systemMemoryInfo().total / (1024 * 1024));
  const mem = Math.max(256, totalMb - 1024);
  const disk = Math.max(1024, freeDiskMb(workDir) - 5 * 1024);
  const ports = defaultPortRange(index, count);
  return `cpus:${cpus};mem:${mem};disk:${disk};ports:[${ports.begin}-${ports.end}]`;
}

/**
 * An agent's resources: `text` (Mesos `--resources` syntax or JSON) when given, with any of
 * cpus/mem/disk/ports it leaves out taken from the host defaults. `shared`: the text is the one
 * given to every agent of the host, so its ports are split between them; an agent's own text
 * (false) is kept as written.
 */
export function agentResources(
  text: string | undefined,
  workDir: string,
  index: number,
  count: number,
  shared = true,
): Resource[] {
  const defaults = parseResourcesText(defaultResourcesText(workDir, index, count));
  if (text === undefined || text.trim() === "") return defaults;
  const given = parseResourcesText(text).map((r) =>
    r.name === "ports" && shared && count > 1 ? shareOfPorts(r, index, count) : r
  );
  const names = new Set(given.map((r) => r.name));
  return [...given, ...defaults.filter((r) => !names.has(r.name))];
}

/**
 * Agent `index`'s share of a ports resource given to all `count` agents of this host: the
 * listed ports split in order into `count` disjoint parts (agents on one host cannot all hand
 * out the same host ports). A share too small for one port keeps at least one.
 */
export function shareOfPorts(r: Resource, index: number, count: number): Resource {
  const ports = (r.ranges?.range ?? []).map((x) => ({
    begin: Number(x.begin),
    end: Number(x.end),
  }));
  const total = ports.reduce((n, x) => n + Math.max(0, x.end - x.begin + 1), 0);
  const size = Math.max(1, Math.floor(total / count));
  let skip = Math.min(index * size, Math.max(0, total - size));
  let take = size;
  const out: { begin: number; end: number }[] = [];
  for (const x of ports) {
    const len = Math.max(0, x.end - x.begin + 1);
    if (skip >= len) {
      skip -= len;
      continue;
    }
    const begin = x.begin + skip;
    const end = Math.min(x.end, begin + take - 1);
    out.push({ begin, end });
    take -= end - begin + 1;
    skip = 0;
    if (take === 0) break;
  }
  const text = (n: number) => String(n);
  return { ...r, ranges: { range: out.map((x) => ({ begin: text(x.begin), end: text(x.end) })) } };
}

/** Parses Mesos `--attributes` text: `name:value;…` (number → SCALAR, [a-b] → RANGES,
 * {a,b} → SET, otherwise TEXT). Throws on an entry without a colon. */
export function parseAttributesText(text: string | undefined): Attribute[] {
  if (!text || text.trim() === "") return [];
  return text.split(";").map((s) => s.trim()).filter((s) => s !== "").map((entry) => {
    const i = entry.indexOf(":");
    if (i <= 0) {
      throw new Error(`Invalid attribute "${entry}": expected name:value (e.g. rack:r1).`);
    }
    const name = entry.slice(0, i).trim();
    const value = entry.slice(i + 1).trim();
    if (/^-?\d+(\.\d+)?$/.test(value)) {
      return { name, type: "SCALAR", scalar: { value: Number(value) } };
    }
    const ranges = /^\[(.*)\]$/.exec(value);
    if (ranges) {
      const range = ranges[1].split(",").map((r) => {
        const [b, e] = r.trim().split("-");
        return { begin: b.trim(), end: (e ?? b).trim() };
      });
      return { name, type: "RANGES", ranges: { range } };
    }
    const set = /^\{(.*)\}$/.exec(value);
    if (set) {
      return { name, type: "SET", set: { item: set[1].split(",").map((s) => s.trim()) } };
    }
    return { name, type: "TEXT", text: { value } };
  });
}
