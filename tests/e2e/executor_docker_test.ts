/** Issue 6 acceptance 2–6 with the Docker runtime on podman's Docker API service. */
import { podmanSkipReason } from "../_helpers/podman.ts";
import { executorScenarios } from "./executor_scenarios.ts";

executorScenarios("docker", podmanSkipReason());
