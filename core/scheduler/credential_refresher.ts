/**
 * Keeps running executors' node tokens fresh: tokens ride in task data at launch, but an
 * executor that gets no new task for days would outlive its token. Every few minutes this
 * asks NodeCredentials for each agent running our executor (a new token once half the old
 * one's life is gone) and, when the token changed, sends it to the executor in a Mesos MESSAGE
 * (`{"credentials": …}`), which Mesos passes on without storing it.
 */
import { CREDENTIALS_REQUEST, type ExecutorCredentials } from "../executor/executor_credentials.ts";
import type { SchedulerCall } from "../mesos/scheduler_types.ts";
import { messageCall } from "../mesos/scheduler_calls.ts";
import { base64ToBytes, bytesToBase64 } from "../mesos/executor_types.ts";
import type { RestClient } from "../client/rest_client.ts";
import { NodeCredentials } from "./node_credentials.ts";
import type { SchedulerOptions } from "./scheduler_options.ts";

/** An agent running our executor. */
export interface ExecutorSite {
  agentId: string;
  hostname: string;
  executorId: string;
}

/** How often to look for refreshed tokens (ms). */
export const CREDENTIAL_CHECK_MS = 5 * 60_000;

/** Sends refreshed node tokens to running executors. */
export class CredentialRefresher {
  readonly #sent = new Map<string, string>();
  #lastCheck = 0;
  #running = false;

  constructor(
    private readonly credentials: {
      forNode(node: string): Promise<ExecutorCredentials | undefined>;
    },
    private readonly send: (call: SchedulerCall) => void,
    private readonly intervalMs = CREDENTIAL_CHECK_MS,
  ) {}

  /** Records the token a launch delivered to the executor on `agentId`. */
  delivered(agentId: string, credentials: ExecutorCredentials | undefined): void {
    if (credentials) this.#sent.set(agentId, credentials.token);
  }

  /**
   * An executor's MESSAGE: `{"request":"credentials"}` (sent when it re-subscribes after its
   * agent or the whole `up` came back) makes the next tick send it credentials again, since a
   * MESSAGE sent while it was reconnecting is lost. Anything else is ignored.
   */
  requested(agentId: string, data: string): void {
    try {
      const body: unknown = JSON.parse(new TextDecoder().decode(base64ToBytes(data)));
      if ((body as { request?: unknown } | null)?.request === CREDENTIALS_REQUEST) {
        this.#sent.delete(agentId);
      }
    } catch {
      // not ours
    }
  }

  /** Forgets an agent whose executor is gone. */
  forget(agentId: string): void {
    this.#sent.delete(agentId);
  }

  /**
   * Sends credentials to executors this scheduler never gave any (executors that outlived a
   * restart of the scheduler, or of all of `up`, learn the current token and apiserver address
   * at once), and at most once per interval checks the others for changed tokens.
   */
  async tick(sites: ExecutorSite[], now = Date.now()): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      await this.#check(sites, now);
    } finally {
      this.#running = false;
    }
  }

  async #check(sites: ExecutorSite[], now: number): Promise<void> {
    const due = now - this.#lastCheck >= this.intervalMs;
    if (due) this.#lastCheck = now;
    const seen = new Set<string>();
    for (const site of sites) {
      if (seen.has(site.agentId) || (!due && this.#sent.has(site.agentId))) continue;
      seen.add(site.agentId);
      const fresh = await this.credentials.forNode(site.hostname);
      if (!fresh || this.#sent.get(site.agentId) === fresh.token) continue;
      const data = bytesToBase64(new TextEncoder().encode(JSON.stringify({ credentials: fresh })));
      this.send(messageCall(site.agentId, site.executorId, data));
      this.#sent.set(site.agentId, fresh.token);
    }
  }
}

/**
 * The scheduler's executor credentials when it has an apiserver credential of its own (a
 * secured apiserver): node tokens per agent, and their refresher; undefined on an open one.
 */
export function executorCredentialHandout(
  client: RestClient,
  opts: Pick<SchedulerOptions, "api" | "kubeletClientCaPem" | "apiServer" | "executor">,
  send: (call: SchedulerCall) => void,
): { credentials: NodeCredentials; refresher: CredentialRefresher } | undefined {
  const api = opts.api;
  if (!api?.token && !api?.tokenFile && !api?.certChain) return undefined;
  const credentials = new NodeCredentials(client, {
    apiCaPem: api.caCerts?.join("\n"),
    kubeletClientCaPem: opts.kubeletClientCaPem,
    apiServer: (opts.executor?.apiServers ?? opts.apiServer).split(",")[0].trim(),
  });
  return { credentials, refresher: new CredentialRefresher(credentials, send) };
}
