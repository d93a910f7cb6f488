/** Issue 6 acceptance 2–6 with the process runtime (host processes, no isolation). */
import { executorScenarios } from "./executor_scenarios.ts";

let skip: string | undefined;
try {
  Deno.statSync("/bin/busybox");
} catch {
  skip = "busybox-static (/bin/busybox) is missing";
  console.error(`\n!!!!! executor process tests SKIPPED: ${skip} !!!!!\n`);
}
executorScenarios("process", skip);
