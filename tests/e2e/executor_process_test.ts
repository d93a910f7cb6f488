/** Issue 6 acceptance 2–6 with the process runtime (host processes, no isolation). */
import { executorScenarios } from "./executor_scenarios.ts";
import { requires } from "../_helpers/requirements.ts";

const skip = requires("busybox").ignore ? "busybox-static (/bin/busybox) is missing" : undefined;
executorScenarios("process", skip);
