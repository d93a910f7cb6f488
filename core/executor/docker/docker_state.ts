/** Maps the Docker Engine API's container `State` onto the runtime-neutral ContainerInspect. */

import type { ContainerInspect, ContainerRunState } from "../runtime.ts";

/** The coarse state of a Docker/podman status word ("running", "exited", "created"…). */
export function containerStateOf(status: unknown): ContainerRunState {
  switch (String(status ?? "").toLowerCase()) {
    case "running":
    case "paused":
    case "restarting":
      return "running";
    case "created":
    case "configured":
    case "initialized":
      return "created";
    case "exited":
    case "dead":
    case "stopped":
    case "removing":
      return "exited";
    default:
      return "unknown";
  }
}

function time(v: unknown): string | undefined {
  if (typeof v !== "string" || v.startsWith("0001-01-01")) return undefined;
  return v;
}

/** Builds a ContainerInspect from `GET /containers/{id}/json`'s `State`. */
export function toInspect(
  state: Record<string, unknown>,
  image?: string,
  imageId?: string,
): ContainerInspect {
  const run = containerStateOf(state.Status);
  const out: ContainerInspect = {
    state: run,
    startedAt: time(state.StartedAt),
    finishedAt: run === "exited" ? time(state.FinishedAt) : undefined,
    image,
    imageId,
  };
  if (typeof state.Pid === "number" && state.Pid > 0) out.pid = state.Pid;
  if (run === "exited") {
    const code = typeof state.ExitCode === "number" ? state.ExitCode : -1;
    out.exitCode = code;
    out.reason = state.OOMKilled === true ? "OOMKilled" : code === 0 ? "Completed" : "Error";
  }
  if (typeof state.Error === "string" && state.Error) out.message = state.Error;
  return out;
}
