/** Entry point of the `k8sm` CLI. */
import { buildProgram } from "./program.ts";
import { normalizeLegacyFlags } from "./legacy_flags.ts";

if (import.meta.main) {
  const argv = normalizeLegacyFlags(Deno.args);
  try {
    await (await buildProgram(argv)).parseAsync(argv, { from: "user" });
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    Deno.exit(1);
  }
}
