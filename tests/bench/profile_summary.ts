/**
 * Summarises V8 CPU profiles (`deno run --cpu-prof --cpu-prof-dir=DIR …` writes one
 * `.cpuprofile` per process): self time by function and by file, largest first.
 * Run: deno run -A tests/bench/profile_summary.ts DIR_OR_FILE… [--top=25]
 */

/** The parts of a .cpuprofile this reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) by function ("name file:line") and by file, of one or more profiles. */
export function selfTimes(
  profiles: CpuProfile[],
): { byFunction: Map<string, number>; byFile: Map<string, number>; totalMs: number } {
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let totalMs = 0;
  for (const p of profiles) {
    const frames = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
    p.samples.forEach((id, i) => {
      const ms = (p.timeDeltas[i] ?? 0) / 1000;
      const f = frames.get(id);
      if (!f) return;
      const file = f.url ? f.url.replace(/^file:\/\//, "") : "(native)";
      const fn = `${f.functionName || "(anonymous)"} ${f.url ? `${file}:${f.lineNumber + 1}` : ""}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
      byFile.set(file, (byFile.get(file) ?? 0) + ms);
      totalMs += ms;
    });
  }
  return { byFunction, byFile, totalMs };
}

async function profilePaths(arg: string): Promise<string[]> {
  const info = await Deno.stat(arg);
  if (!info.isDirectory) return [arg];
  const out: string[] = [];
  for await (const e of Deno.readDir(arg)) {
    if (e.name.endsWith(".cpuprofile")) out.push(`${arg}/${e.name}`);
  }
  return out;
}

/** Frames that are no work of the program: the busy time leaves them out. */
const NOT_BUSY = new Set(["(idle)", "(program)", "(garbage collector)"]);

/**
 * Busy time (samples other than idle, program and GC) by the nearest `file://` frame on the
 * stack: native ops and runtime (`ext:`, `node:`) frames are charged to the project or
 * dependency file that called them, so e.g. a file write counts for its caller.
 */
export function busyByCaller(
  profiles: CpuProfile[],
): { byFile: Map<string, number>; busyMs: number } {
  const byFile = new Map<string, number>();
  let busyMs = 0;
  for (const p of profiles) {
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const owner = new Map<number, string>();
    const ownerOf = (id: number): string => {
      const known = owner.get(id);
      if (known !== undefined) return known;
      const url = nodes.get(id)?.callFrame.url ?? "";
      const up = parent.get(id);
      const found = url.startsWith("file://")
        ? url.slice(7)
        : up === undefined
        ? "(runtime, no project caller)"
        : ownerOf(up);
      owner.set(id, found);
      return found;
    };
    p.samples.forEach((id, i) => {
      const name = nodes.get(id)?.callFrame.functionName ?? "";
      if (NOT_BUSY.has(name)) return;
      const ms = (p.timeDeltas[i] ?? 0) / 1000;
      const file = ownerOf(id);
      byFile.set(file, (byFile.get(file) ?? 0) + ms);
      busyMs += ms;
    });
  }
  return { byFile, busyMs };
}

function table(title: string, m: Map<string, number>, totalMs: number, top: number): string {
  const rows = [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    title,
    ...rows.map(([k, ms]) =>
      `${ms.toFixed(0).padStart(8)} ms ${(100 * ms / totalMs).toFixed(1).padStart(5)}%  ${k}`
    ),
  ].join("\n");
}

if (import.meta.main) {
  const top = Number(Deno.args.find((a) => a.startsWith("--top="))?.slice(6) ?? 25);
  const args = Deno.args.filter((a) => !a.startsWith("--"));
  if (args.length === 0) {
    console.error("usage: profile_summary.ts DIR_OR_FILE… [--top=25]");
    Deno.exit(2);
  }
  const paths = (await Promise.all(args.map(profilePaths))).flat();
  if (paths.length === 0) {
    console.error(`no .cpuprofile files in ${args.join(", ")}; run with --cpu-prof first`);
    Deno.exit(1);
  }
  const profiles: CpuProfile[] = await Promise.all(
    paths.map(async (p) => JSON.parse(await Deno.readTextFile(p)) as CpuProfile),
  );
  const { byFunction, byFile, totalMs } = selfTimes(profiles);
  console.log(`${paths.length} profile(s), ${totalMs.toFixed(0)} ms sampled`);
  console.log(table("\nself time by function:", byFunction, totalMs, top));
  console.log(table("\nself time by file:", byFile, totalMs, top));
  const busy = busyByCaller(profiles);
  const share = (prefix: string) =>
    [...busy.byFile].filter(([f]) => f.includes(prefix)).reduce((a, [, ms]) => a + ms, 0);
  console.log(
    `\nbusy (not idle, program or GC): ${(busy.busyMs / 1000).toFixed(1)} s; core/mesos/: ${
      (100 * share("/core/mesos/") / busy.busyMs).toFixed(1)
    }%`,
  );
  console.log(
    table(
      "\nbusy time by nearest file:// caller (native and runtime frames charged to it):",
      busy.byFile,
      busy.busyMs,
      top,
    ),
  );
}
