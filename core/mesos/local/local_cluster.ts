/**
 * `startLocalCluster`: one master and N agents in this process, each on its own port, plus the
 * fault-injection calls tests use (drop a framework stream, remove or add an agent, rescind
 * offers, restart the master keeping the agents).
 *
 * Agent hostnames: agent 0 gets the machine's hostname, agent i gets `<hostname>-a<i>`, so every
 * agent is a distinct node; executors always reach their agent at 127.0.0.1:<agent port>.
 *
 * With a given work dir, agents checkpoint under `<work_dir>/meta` (agent_checkpoint.ts) and a
 * cluster started again on it recovers them (agent_recovery.ts): same agent ids and ports,
 * re-registered with the new master with what they run, live executors of checkpointing
 * frameworks re-subscribing, the others destroyed.
 */
import type { Resource } from "./mesos_types.ts";
import { Master } from "./master.ts";
import { Agent } from "./agent.ts";
import { masterHandler } from "./master_http.ts";
import { Http1Server } from "./http1_server.ts";
import { agentResources, parseAttributesText } from "./host_resources.ts";
import { reregisterAgent } from "./master_recovery.ts";
import { dropFrameworkStream, markAgentRemoved, rescindAllOffers } from "./faults.ts";
import type { StatusUpdateRetry } from "./status_update_manager.ts";
import { AgentCheckpoint } from "./agent_checkpoint.ts";
import {
  recoverRuns,
  type RecoverySummary,
  replayUpdates,
  startReregistrationTimers,
} from "./agent_recovery.ts";
import { logger } from "../../util/log.ts";

const log = logger("mesos-local");
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
  /** After an agent restart or recovery, executors must re-subscribe within this (2 s). */
  executorReregistrationTimeoutMs?: number;
  /** MESOS_RECOVERY_TIMEOUT for executors of checkpointing frameworks (default 15 min). */
  recoveryTimeoutMs?: number;
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
  /** Agents the operator marked gone (MARK_AGENT_GONE). */
  readonly goneAgents = new Set<string>();
  #server: Http1Server;
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
      this.#server = new Http1Server(
        { hostname: bind, port },
        masterHandler(
          () => current!,
          new HttpAuthentication(opts.authentication ?? { credentials: [] }),
          { goneAgents: this.goneAgents, agentGone: (id) => this.#agentGone(id) },
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
      flags: this.#flags(),
    });
  }

  /** The master's flags as a real master would list them (/flags, GET_FLAGS). */
  #flags(): Record<string, string> {
    const o = this.opts;
    const auth = o.authentication;
    return {
      allocation_interval: `${(o.allocationIntervalMs ?? 1000) / 1000}secs`,
      authenticate_http_frameworks: String(!!auth?.frameworks),
      authenticate_http_readonly: String(!!auth?.httpReadonly),
      authenticate_http_readwrite: String(!!auth?.httpReadwrite),
      authenticate_agents: "false",
      hostname_lookup: "true",
      ip: o.bind ?? "127.0.0.1",
      max_operator_event_stream_subscribers: "1000",
      port: String(this.port),
      work_dir: this.workDir,
      version: "false",
    };
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
    try {
      for (let i = 0; i < n; i++) {
        if (owns) cluster.addAgent({}, n);
        else await cluster.#recoverAgent(n);
      }
    } catch (e) {
      await cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Starts agent slot `#agentCount` from its checkpoint, or as a new agent keeping its port. */
  async #recoverAgent(plannedCount: number): Promise<void> {
    const checkpoint = new AgentCheckpoint(this.workDir, this.#agentCount);
    const { port, agent: saved } = await checkpoint.recover();
    const tokenKey = saved?.tokenKey ?? crypto.getRandomValues(new Uint8Array(32));
    const agent = this.#startAgent({}, plannedCount, {
      checkpoint,
      port,
      id: saved?.agentId,
      tokenKey,
    });
    agent.recovering = true;
    let summary: RecoverySummary | undefined;
    try {
      await checkpoint.writeAgent(agent.info(), tokenKey);
      if (saved) summary = await recoverRuns(agent, saved.runs);
    } finally {
      agent.recovering = false;
    }
    if (!saved || !summary) {
      this.master.addAgent(agent);
      return;
    }
    reregisterAgent(this.master, agent, agent.snapshot());
    replayUpdates(agent, saved.runs);
    startReregistrationTimers(agent);
    log.info(
      `agent ${agent.id} recovered on port ${agent.port}: ${summary.recovered} executor(s) to ` +
        `re-subscribe, ${summary.destroyed} destroyed, ${summary.exited} found exited`,
    );
  }

  /**
   * Starts one more agent and registers it. Throws when `o.hostname` names a machine that is
   * DOWN for maintenance (Mesos refuses agents there until STOP_MAINTENANCE).
   */
  addAgent(o: AddAgentOptions = {}, plannedCount?: number): Agent {
    if (o.hostname !== undefined && this.master.maintenance.isDown(o.hostname)) {
      throw new Error(
        `Machine ${o.hostname} (127.0.0.1) is DOWN for maintenance: an agent there cannot ` +
          `register until STOP_MAINTENANCE brings the machine up.`,
      );
    }
    const agent = this.#startAgent(o, plannedCount, {});
    this.master.addAgent(agent);
    return agent;
  }

  #startAgent(
    o: AddAgentOptions,
    plannedCount: number | undefined,
    r: { checkpoint?: AgentCheckpoint; port?: number; id?: string; tokenKey?: Uint8Array },
  ): Agent {
    const index = this.#agentCount++;
    if (r.port !== undefined) ensurePortFree(r.port, this.workDir);
    const base = Deno.hostname();
    const resources = Array.isArray(o.resources) ? o.resources : agentResources(
      o.resources ?? this.opts.resources,
      this.workDir,
      index,
      Math.max(plannedCount ?? 1, index + 1),
      o.resources === undefined,
    );
    const agent = Agent.start({
      id: r.id ?? this.master.ids.agent(),
      port: r.port,
      checkpoint: r.checkpoint,
      executorTokenKey: r.tokenKey,
      recoveryTimeoutMs: this.opts.recoveryTimeoutMs,
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

  /** MARK_AGENT_GONE: the master already dropped it; kill its executors, forget its id. */
  async #agentGone(agentId: string): Promise<void> {
    this.goneAgents.add(agentId);
    const agent = this.agents.find((a) => a.id === agentId);
    if (!agent) return;
    this.agents.splice(this.agents.indexOf(agent), 1);
    await agent.close();
    await agent.opts.checkpoint?.forget();
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

/** Throws a sentence when the checkpointed agent port is taken (another agent runs there). */
function ensurePortFree(port: number, workDir: string): void {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
  } catch (e) {
    if (!(e instanceof Deno.errors.AddrInUse)) throw e;
    throw new Error(
      `The agent port ${port} checkpointed in ${workDir}/meta is in use: is another mesos-local ` +
        `running on this work dir? Stop it, or remove ${workDir}/meta to start fresh agents.`,
    );
  }
}

/** Starts a local master and agents; see LocalCluster. */
export function startLocalCluster(opts: LocalClusterOptions = {}): Promise<LocalCluster> {
  return LocalCluster.start(opts);
}
