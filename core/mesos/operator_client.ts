/**
 * A client of the Mesos v1 operator API (`POST <master>/api/v1`, JSON both ways) for
 * `k8sm mesos …`: works against mesos-local or a real master, with HTTP Basic credentials when
 * the master authenticates its read-write endpoints. Answers are the Mesos JSON Response
 * messages; calls without a Response (DRAIN_AGENT, maintenance updates) resolve to {}.
 */
import { basicAuthorization, type MesosCredentials } from "./master_url.ts";

/** A Mesos JSON object as the operator API returns it. */
export type MesosJson = Record<string, unknown>;

/** A maintenance machine (hostname and/or ip). */
export interface MachineId {
  hostname?: string;
  ip?: string;
}

/** The operator API endpoint of `master` (host:port or URL; /api/v1 appended). */
export function operatorEndpoint(master: string): URL {
  const trimmed = master.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`Invalid Mesos master "${master}" (--master): expected host:port or a URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`Invalid Mesos master "${master}" (--master): only http and https work.`);
  }
  url.pathname = url.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "") + "/api/v1";
  url.search = "";
  url.hash = "";
  return url;
}

/** Nanoseconds of a duration in ms, as Mesos' DurationInfo/TimeInfo (JSON number). */
export function nanos(ms: number): { nanoseconds: number } {
  return { nanoseconds: Math.round(ms) * 1_000_000 };
}

/** The operator API client. */
export class OperatorClient {
  readonly endpoint: URL;

  constructor(master: string, readonly credentials?: MesosCredentials) {
    this.endpoint = operatorEndpoint(master);
  }

  /** Sends one call (`{type, <type lowercased>: body}`); returns the JSON answer or {}. */
  async call(type: string, body?: MesosJson): Promise<MesosJson> {
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      Accept: "application/json",
    };
    if (this.credentials) headers.Authorization = basicAuthorization(this.credentials);
    const payload = body === undefined ? { type } : { type, [type.toLowerCase()]: body };
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: "POST",
        headers,
        body: JSON.stringify(payload),
      });
    } catch (e) {
      throw new Error(
        `Could not reach the Mesos master at ${this.endpoint.origin} (${type}): ` +
          `${(e as Error).message}. Check --master.`,
      );
    }
    const text = await res.text();
    if (res.status === 401) {
      throw new Error(
        `The Mesos master at ${this.endpoint.origin} wants credentials for ${type} (401): pass ` +
          `--principal and --secret-file (or MESOS_PRINCIPAL and MESOS_SECRET).`,
      );
    }
    if (!res.ok) {
      throw new Error(
        `The Mesos master at ${this.endpoint.origin} refused ${type} (${res.status}): ` +
          (text.trim().slice(0, 300) || res.statusText),
      );
    }
    if (text.trim() === "") return {};
    try {
      return JSON.parse(text) as MesosJson;
    } catch {
      throw new Error(`The Mesos master answered ${type} with non-JSON: ${text.slice(0, 120)}`);
    }
  }

  /** The payload of a GET_* call's answer (`get_state`, `get_agents` …). */
  async get(type: string): Promise<MesosJson> {
    const res = await this.call(type);
    return (res[type.toLowerCase()] ?? {}) as MesosJson;
  }

  /** GET_STATE: tasks, executors, frameworks and agents. */
  state(): Promise<MesosJson> {
    return this.get("GET_STATE");
  }

  /** DRAIN_AGENT: kill the agent's tasks (within `graceMs`), optionally marking it gone after. */
  drain(agentId: string, opts: { graceMs?: number; markGone?: boolean } = {}): Promise<MesosJson> {
    return this.call("DRAIN_AGENT", {
      agent_id: { value: agentId },
      ...(opts.graceMs === undefined ? {} : { max_grace_period: nanos(opts.graceMs) }),
      ...(opts.markGone ? { mark_gone: true } : {}),
    });
  }

  /** UPDATE_MAINTENANCE_SCHEDULE with one window per machine list (empty: clear). */
  setSchedule(
    windows: { machines: MachineId[]; startMs: number; durationMs?: number }[],
  ): Promise<MesosJson> {
    return this.call("UPDATE_MAINTENANCE_SCHEDULE", {
      schedule: {
        windows: windows.map((w) => ({
          machine_ids: w.machines,
          unavailability: {
            start: nanos(w.startMs),
            ...(w.durationMs === undefined ? {} : { duration: nanos(w.durationMs) }),
          },
        })),
      },
    });
  }

  /** START_MAINTENANCE (machines DOWN) or STOP_MAINTENANCE (machines UP). */
  setMachinesDown(machines: MachineId[], down: boolean): Promise<MesosJson> {
    const type = down ? "START_MAINTENANCE" : "STOP_MAINTENANCE";
    return this.call(type, { machines });
  }
}
