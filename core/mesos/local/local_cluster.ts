/**
 * `startLocalCluster`: one master and N agents in this process, each on its own port, plus the
 * fault-injection calls tests use (drop a framework stream, remove or add an agent, rescind
 * offers, restart the master keeping the agents).
 *
 * Agent hostnames: agent 0 gets the machine's hostname, agent i gets `<hostname>-a<i>`, so every
 * agent is a distinct node; executors always reach their agent at 127.0.0.1:<agent port>.
 */
import type { Resource } from "./mesos_types.ts";
import { Master } from "./master.ts";
import { Agent } from "./agent.ts";
import { masterHandler } from "./master_http.ts";
import { agentResources, parseAttributesText } from "./host_resources.ts";
import { reregisterAgent } from "./master_recovery.ts";
import { dropFrameworkStream, markAgentRemoved, rescindAllOffers } from "./faults.ts";
import type { StatusUpdateRetry } from "./status_update_manager.ts";
import {
  HttpAuthentication,
  type LocalAuthentication,
  validateAuthentication,
} from "./http_authentication.ts";

/** Options of `startLocalCluster`. */
export interface LocalClusterOptions {
  /** Master port (default 5050; 0 picks a free port). */
  port?: number;
  /** Address the master binds (default 127.0.0.1). */
  bind?: string;
  /** Number of agents (default 1). */
  agents?: number;
  /** Agent resources in Mesos `--resources` text; missing kinds come from the host. */
  resources?: string;
  /** Agent attributes, `rack:r1;zone:a`. */
  attributes?: string;
  /** Work dir holding the sandboxes (default: a temporary dir removed by close()). */
  workDir?: string;
  /** Offer cycle (default 1000 ms). */
  allocationIntervalMs?: number;
  /** Heartbeat interval told to frameworks (default 15 s). */
  heartbeatIntervalSeconds?: number;
  /** Agents' status update retry (default 10 s doubling to 10 min). */
  statusUpdateRetry?: StatusUpdateRetry;
  /** Executor registration timeout (default 60 s). */
  executorRegistrationTimeoutMs?: number;
  /** Default executor shutdown grace period (default 5 s). */
  executorShutdownGraceSeconds?: number;
  /** Period of agent → executor HEARTBEAT events (default 30 min). */
  executorHeartbeatMs?: number;
  /** After restartAgent, executors must re-subscribe within this (default 2 s). */
  executorReregistrationTimeoutMs?: number;
  /**
   * Authentication, as the Mesos flags turn it on: frameworks (scheduler API), httpReadonly
   * (/state, /metrics), httpReadwrite (/teardown), executors (per-executor bearer tokens).
   * Credentials are required when any Basic switch is on. Default: nothing authenticated.
   */
  authentication?: LocalAuthentication;
}

/** Per-agent overrides for `addAgent`. */
export interface AddAgentOptions {
  hostname?: string;
  resources?: string | Resource[];
  attributes?: string;
}

/** A running local cluster. */
export class LocalCluster {
  master: Master;
  readonly agents: Agent[] = [];
  readonly masterUrl: string;
  readonly port: number;
  #server: Deno.HttpServer<Deno.NetAddr>;
  #agentCount = 0;

  private constructor(
    readonly opts: LocalClusterOptions,
    readonly workDir: string,
    readonly ownsWorkDir: boolean,
  ) {
    let current: Master | undefined;
    const bind = opts.bind ?? "127.0.0.1";
    const port = opts.port ?? 5050;
    try {
      this.#server = Deno.serve(
        { hostname: bind, port, onListen: () => {} },
        masterHandler(
          () => current!,
          new HttpAuthentication(opts.authentication ?? { credentials: [] }),
        ),
      );
    } catch (e) {
      if (e instanceof Deno.errors.AddrInUse) {
        throw new Error(
          `Cannot listen on ${bind}:${port}: the address is in use; stop the other master or ` +
            `pick another port (--port 0 picks a free one).`,
        );
      }
      throw e;
    }
    this.port = this.#server.addr.port;
    this.master = current = this.#newMaster();
    this.#swap = (m) => current = m;
    const host = opts.bind && opts.bind !== "0.0.0.0" ? opts.bind : "127.0.0.1";
    this.masterUrl = `http://${host}:${this.port}`;
  }

  #swap: (m: Master) => void;

  #newMaster(): Master {
    return new Master({
      port: this.port,
      allocationIntervalMs: this.opts.allocationIntervalMs,
      heartbeatIntervalSeconds: this.opts.heartbeatIntervalSeconds,
    });
  }

  /** Starts the master and `opts.agents` agents. */
  static async start(opts: LocalClusterOptions = {}): Promise<LocalCluster> {
    if (opts.authentication) validateAuthentication(opts.authentication);
    const owns = opts.workDir === undefined;
    const workDir = opts.workDir ?? await Deno.makeTempDir({ prefix: "k8sm-mesos-local-" });
    await Deno.mkdir(workDir, { recursive: true });
    let cluster: LocalCluster;
    try {
      cluster = new LocalCluster(opts, workDir, owns);
    } catch (e) {
      if (owns) await Deno.remove(workDir, { recursive: true }).catch(() => {});
      throw e;
    }
    const n = opts.agents ?? 1;
    for (let i = 0; i < n; i++) cluster.addAgent({}, n);
    return cluster;
  }

  /** Starts one more agent and registers it. */
  addAgent(o: AddAgentOptions = {}, plannedCount?: number): Agent {
    const index = this.#agentCount++;
    const base = Deno.hostname();
    const resources = Array.isArray(o.resources) ? o.resources : agentResources(
      o.resources ?? this.opts.resources,
      this.workDir,
      index,
      Math.max(plannedCount ?? 1, index + 1),
    );
    const agent = Agent.start({
      id: this.master.ids.agent(),
      hostname: o.hostname ?? (index === 0 ? base : `${base}-a${index}`),
      resources,
      attributes: parseAttributesText(o.attributes ?? this.opts.attributes),
      workDir: this.workDir,
      statusUpdateRetry: this.opts.statusUpdateRetry,
      executorRegistrationTimeoutMs: this.opts.executorRegistrationTimeoutMs,
      executorShutdownGraceSeconds: this.opts.executorShutdownGraceSeconds,
      executorHeartbeatMs: this.opts.executorHeartbeatMs,
      executorReregistrationTimeoutMs: this.opts.executorReregistrationTimeoutMs,
      authentication: this.opts.authentication,
    }, this.master);
    this.agents.push(agent);
    this.master.addAgent(agent);
    return agent;
  }

  /** Removes an agent: the master marks its tasks lost/unreachable, its executors are killed. */
  async removeAgent(agentId: string): Promise<void> {
    const agent = this.agents.find((a) => a.id === agentId);
    if (!agent) throw new Error(`No agent ${agentId} in this cluster; cannot remove it.`);
    markAgentRemoved(this.master, agentId);
    this.agents.splice(this.agents.indexOf(agent), 1);
    await agent.close();
  }

  /**
   * Restarts an agent's process as far as executors can tell (streams drop, the API is down for
   * `downtimeMs`); executors of checkpointing frameworks re-subscribe and keep their tasks.
   */
  async restartAgent(agentId: string, downtimeMs = 200): Promise<void> {
    const agent = this.agents.find((a) => a.id === agentId);
    if (!agent) throw new Error(`No agent ${agentId} in this cluster; cannot restart it.`);
    await agent.restart(downtimeMs);
  }

  /** Closes a framework's event stream (the framework sees EOF). */
  dropFrameworkStream(frameworkId: string): void {
    dropFrameworkStream(this.master, frameworkId);
  }

  /** Rescinds every outstanding offer. */
  rescindOffers(): void {
    rescindAllOffers(this.master);
  }

  /**
   * Replaces the master by a fresh one on the same port (new master id, every stream closed);
   * agents re-register with what they run, and frameworks must resubscribe with their ids.
   */
  restartMaster(): void {
    this.master.close();
    const next = this.#newMaster();
    this.master = next;
    this.#swap(next);
    for (const agent of this.agents) {
      agent.master = next;
      reregisterAgent(next, agent, agent.snapshot());
    }
  }

  /** Stops everything: executors (process groups killed), agents, master; removes a temp dir. */
  async close(): Promise<void> {
    this.master.close();
    await Promise.all(this.agents.map((a) => a.close()));
    await this.#server.shutdown();
    if (this.ownsWorkDir) await Deno.remove(this.workDir, { recursive: true }).catch(() => {});
  }
}

/** Starts a local master and agents; see LocalCluster. */
export function startLocalCluster(opts: LocalClusterOptions = {}): Promise<LocalCluster> {
  return LocalCluster.start(opts);
}
