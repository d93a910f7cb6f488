/**
 * Machine-readable bench figures: `figure()` appends one JSON object (bench, name, value, unit,
 * budget) per measured figure to the file named by BENCH_FIGURES, which `deno task bench --json`
 * (run_all.ts) sets and prints afterwards, one object a line, so runs can be compared. Without
 * BENCH_FIGURES it does nothing: the human report lines stay the benches' output.
 */

/** One measured figure. */
export interface Figure {
  bench: string;
  name: string;
  value: number;
  unit: string;
  /** The budget as the design states it (e.g. "≥ 200", "≤ 1000"); null when there is none. */
  budget: string | null;
}

/**
 * Records a figure of `bench` (no-op unless BENCH_FIGURES names a file). BENCH_NAME, set by
 * run_all, overrides `bench` when one script runs under two names (`startup` is the scheduler
 * bench paced at 50 pods/s).
 */
export function figure(
  bench: string,
  name: string,
  value: number,
  unit: string,
  budget: string | null = null,
): void {
  const file = Deno.env.get("BENCH_FIGURES");
  if (!file) return;
  const f: Figure = {
    bench: Deno.env.get("BENCH_NAME") ?? bench,
    name,
    value: Number(value.toFixed(3)),
    unit,
    budget,
  };
  Deno.writeTextFileSync(file, JSON.stringify(f) + "\n", { append: true });
}
