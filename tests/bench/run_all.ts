/**
 * `deno task bench`: runs every benchmark of tests/bench one after another, each in its own
 * process so that one's load does not colour the next, and prints their reports. Name some to
 * run only those: `deno task bench store apiserver`. With `--json` the reports go to stderr and
 * stdout gets one JSON object per figure (bench, name, value, unit, budget; see figures.ts), so
 * runs can be compared. Each bench runs at a size that keeps the whole run within 15 minutes on
 * two cores (DEFAULT_ARGS; run a bench file directly for larger sizes) and is stopped — counted
 * as failed — when it exceeds its time limit. Exits 1 when any bench failed.
 */
import type { Figure } from "./figures.ts";

/**
 * Every bench, with the arguments and time limit (s) of a `deno task bench` run; `file` names
 * the script when it is not `<name>_bench.ts`.
 */
const BENCHES: Record<string, { args: string[]; limitS: number; file?: string }> = {
  store: { args: [], limitS: 30 },
  apiserver: { args: [], limitS: 90 },
  memory: { args: [], limitS: 50 },
  rss: { args: ["100"], limitS: 90 },
  mesos: { args: [], limitS: 45 },
  scheduler: { args: ["200", "20", "real"], limitS: 120 },
  // DESIGN.md's startup budget is a p99 at 50 pods/s: the scheduler bench paced at that rate.
  startup: { file: "scheduler", args: ["150", "20", "real", "50"], limitS: 60 },
  executor: { args: [], limitS: 120 },
  cluster: { args: [], limitS: 130 },
  streams: { args: [], limitS: 60 },
  deployment: { args: [], limitS: 45 },
};
// The limits add up to 840 s, 895 s with the kill grace: under 15 minutes even if every bench
// ran to its limit. Measured on an idle two-core machine (2026-12-04): the whole run 287 s; store
// 5 s, apiserver 31 s, memory 17 s, rss 54 s, mesos 9 s, scheduler 22 s, executor 39 s, cluster
// 83 s, streams 19 s, deployment 7 s. At load 9-16: store 19 s, memory 54 s, rss 70 s,
// deployment 45 s, streams 51 s, executor 104-131 s, hence the headroom.

/** Runs bench `name`; resolves with its exit code (124 when it was stopped at its limit). */
async function runBench(name: string, figuresFile: string, json: boolean): Promise<number> {
  const { args, limitS, file: script = name } = BENCHES[name];
  const file = new URL(`./${script}_bench.ts`, import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", file, ...args],
    env: { BENCH_FIGURES: figuresFile, BENCH_NAME: name },
    stdin: "null",
    stdout: json ? "piped" : "inherit",
    stderr: "inherit",
  }).spawn();
  // With --json the human report goes to stderr, keeping stdout for the figures.
  const copied = json ? child.stdout.pipeTo(Deno.stderr.writable, { preventClose: true }) : null;
  let timedOut = false;
  const term = setTimeout(() => {
    timedOut = true;
    console.error(`=== ${name}: still running after ${limitS} s; stopping it (SIGTERM)`);
    child.kill("SIGTERM");
  }, limitS * 1000);
  // A bench that does not stop within 5 s of SIGTERM is killed.
  const kill = setTimeout(() => child.kill("SIGKILL"), (limitS + 5) * 1000);
  const { code } = await child.status;
  clearTimeout(term);
  clearTimeout(kill);
  await copied?.catch(() => {});
  return timedOut ? 124 : code;
}

/** `deno task bench --help`: the benches, their arguments and time limits, and the options. */
function usage(): string {
  const rows = Object.entries(BENCHES).map(([name, b]) =>
    `  ${name.padEnd(11)} ${`${b.file ?? name}_bench.ts ${b.args.join(" ")}`.padEnd(40)} ` +
    `stopped after ${b.limitS} s`
  );
  return [
    "Usage: deno task bench [--json] [bench…]",
    "",
    "Runs the benchmarks one after another, each in its own process (all when none is named).",
    "  --json   stdout: one JSON object per figure (bench, name, value, unit, budget); the",
    "           human reports go to stderr. Each bench's 'wall time' object carries its",
    "           exitCode and, as budget, its time limit.",
    "",
    "Benches:",
    ...rows,
    "",
    "Run a bench file directly for other sizes, e.g. deno run -A tests/bench/cluster_bench.ts 200;",
    "tests/bench/README.md explains each figure and how to profile.",
  ].join("\n");
}

if (import.meta.main) {
  if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
    console.log(usage());
    Deno.exit(0);
  }
  const json = Deno.args.includes("--json");
  const names = Object.keys(BENCHES);
  const asked = Deno.args.filter((a) => a !== "--json");
  const chosen = asked.length ? asked : names;
  const unknown = chosen.filter((b) => !names.includes(b));
  if (unknown.length) {
    console.error(
      `unknown benchmark ${unknown.join(", ")}; choose from ${names.join(", ")} ` +
        "(deno task bench --help lists them)",
    );
    Deno.exit(2);
  }
  const say = (line: string) => json ? console.error(line) : console.log(line);
  const figuresFile = await Deno.makeTempFile({ prefix: "k8sm-bench-figures-" });
  let failed = 0;
  const runStart = performance.now();
  try {
    for (const name of chosen) {
      const script = BENCHES[name].file ?? name;
      say(`\n=== ${name} (${script}_bench.ts ${BENCHES[name].args.join(" ")})`);
      const started = performance.now();
      const code = await runBench(name, figuresFile, json);
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      say(`=== ${name}: ${code === 0 ? "done" : `exited ${code}`} in ${secs} s`);
      if (json) {
        console.log(JSON.stringify({
          bench: name,
          name: "wall time",
          value: Number(secs),
          unit: "s",
          budget: `≤ ${BENCHES[name].limitS}`,
          exitCode: code,
        }));
        const text = await Deno.readTextFile(figuresFile);
        for (const line of text.split("\n").filter(Boolean)) {
          console.log(JSON.stringify(JSON.parse(line) as Figure));
        }
        await Deno.writeTextFile(figuresFile, "");
      }
      if (code !== 0) failed++;
    }
  } finally {
    await Deno.remove(figuresFile).catch(() => {});
  }
  const total = ((performance.now() - runStart) / 1000).toFixed(0);
  say(`\n=== ${chosen.length - failed} of ${chosen.length} benches passed in ${total} s`);
  Deno.exit(failed ? 1 : 0);
}
