/**
 * The FrameworkInfo k8sm subscribes with (DESIGN.md "Framework"): name `Kubernetes`, failover
 * timeout one week by default, checkpointing on, capabilities MULTI_ROLE, PARTITION_AWARE and
 * TASK_KILLING_STATE, the roles (MULTI_ROLE `roles`), the principal of the credentials and the
 * status page as webui_url.
 */
import type { SchedulerOptions } from "./scheduler_options.ts";

/** The framework name shown in Mesos. */
export const FRAMEWORK_NAME = "Kubernetes";

/** One week, the default failover timeout in seconds. */
export const DEFAULT_FAILOVER_TIMEOUT_SECONDS = 7 * 24 * 3600;

/** The roles of `--mesos-role`: comma separated, blanks dropped, duplicates once; default `*`. */
export function frameworkRoles(role: string | undefined): string[] {
  const roles = (role ?? "*").split(",").map((r) => r.trim()).filter((r) => r !== "");
  return roles.length === 0 ? ["*"] : [...new Set(roles)];
}

/** FrameworkInfo in Mesos JSON form for these options (without id; the client adds it). */
export function frameworkInfo(
  o: Pick<
    SchedulerOptions,
    "user" | "failoverTimeoutSeconds" | "hostname" | "role" | "webuiUrl" | "credentials"
  >,
): Record<string, unknown> {
  const info: Record<string, unknown> = {
    user: o.user ?? Deno.env.get("USER") ?? "root",
    name: FRAMEWORK_NAME,
    failover_timeout: o.failoverTimeoutSeconds ?? DEFAULT_FAILOVER_TIMEOUT_SECONDS,
    checkpoint: true,
    hostname: o.hostname ?? Deno.hostname(),
    roles: frameworkRoles(o.role),
    capabilities: [
      { type: "MULTI_ROLE" },
      { type: "PARTITION_AWARE" },
      { type: "TASK_KILLING_STATE" },
    ],
  };
  if (o.webuiUrl) info.webui_url = o.webuiUrl;
  if (o.credentials) info.principal = o.credentials.principal;
  return info;
}
