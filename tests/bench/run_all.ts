/**
 * `deno task bench`: runs every benchmark of tests/bench one after another, each in its own
 * process so that one's load does not colour the next, and prints their reports. Name some to
 * run only those: `deno task bench store apiserver`.
 */
const BENCHES = [
  "store",
  "apiserver",
  "memory",
  "mesos",
  "scheduler",
  "executor",
  "cluster",
  "streams",
  "deployment",
];

if (import.meta.main) {
  const chosen = Deno.args.length ? Deno.args : BENCHES;
  const unknown = chosen.filter((b) => !BENCHES.includes(b));
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(", ")}; choose from ${BENCHES.join(", ")}`);
    Deno.exit(2);
  }
  let failed = 0;
  for (const name of chosen) {
    const file = new URL(`./${name}_bench.ts`, import.meta.url).pathname;
    console.log(`\n=== ${name} (${file})`);
    const started = performance.now();
    const { code } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", file],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`=== ${name}: ${code === 0 ? "done" : `exited ${code}`} in ${secs} s`);
    if (code !== 0) failed++;
  }
  Deno.exit(failed ? 1 : 0);
}
