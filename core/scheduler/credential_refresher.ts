/**
 * Keeps running executors' node tokens fresh: tokens ride in task data at launch, but an
 * executor that gets no new task for days would outlive its token. Every few minutes this
 * asks NodeCredentials for each agent running our executor (a new token once half the old
 * one's life is gone) and, when the token changed, sends it to the executor in a Mesos MESSAGE
 * (`{"credentials": …}`), which Mesos passes on without storing it.
 */
import type { ExecutorCredentials } from "../executor/executor_credentials.ts";
import type { SchedulerCall } from "../mesos/scheduler_types.ts";
import { messageCall } from "../mesos/scheduler_calls.ts";
import { bytesToBase64 } from "../mesos/executor_types.ts";
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

  /** Forgets an agent whose executor is gone. */
  forget(agentId: string): void {
    this.#sent.delete(agentId);
  }

  /** Checks `sites` (at most once per interval) and sends changed tokens. */
  async tick(sites: ExecutorSite[], now = Date.now()): Promise<void> {
    if (now - this.#lastCheck < this.intervalMs) return;
    this.#lastCheck = now;
    const seen = new Set<string>();
    for (const site of sites) {
      if (seen.has(site.agentId)) continue;
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
  opts: Pick<SchedulerOptions, "api" | "kubeletClientCaPem">,
  send: (call: SchedulerCall) => void,
): { credentials: NodeCredentials; refresher: CredentialRefresher } | undefined {
  const api = opts.api;
  if (!api?.token && !api?.tokenFile && !api?.certChain) return undefined;
  const credentials = new NodeCredentials(client, {
    apiCaPem: api.caCerts?.join("\n"),
    kubeletClientCaPem: opts.kubeletClientCaPem,
  });
  return { credentials, refresher: new CredentialRefresher(credentials, send) };
}
