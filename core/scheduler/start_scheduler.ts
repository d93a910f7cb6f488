/**
 * `startScheduler`: the library entry `k8sm scheduler` and `k8sm up` use. Opens the store
 * (unless given), serves /healthz, /metrics and the status page on `port`, and runs the
 * scheduler, behind leader election through a store lease when `ha` is set (the standby takes
 * over within the lease duration, 10 s by default).
 */
import { openStore, type OpenStoreOptions } from "../storage/open_store.ts";
import type { Store } from "../storage/store.ts";
import { logger } from "../util/log.ts";
import { LeaderElector } from "./leader_election.ts";
import { MesosScheduler } from "./scheduler.ts";
import type { SchedulerOptions } from "./scheduler_options.ts";
import { schedulerHttpHandler } from "./status_page.ts";

const log = logger("scheduler");

/** The store key of the scheduler's HA lease. */
export const SCHEDULER_LEASE_KEY = "/registry/k8sm/leases/scheduler";

/** Options of startScheduler: the scheduler's, plus store, HTTP and HA settings. */
export interface StartSchedulerOptions extends Omit<SchedulerOptions, "store"> {
  /** A store to use (left open on close); else one is opened from `storeOptions`. */
  store?: Store;
  storeOptions?: OpenStoreOptions;
  /** HTTP port for /healthz, /metrics, status page (0 = any; undefined = no server). */
  port?: number;
  /** Address to serve on (default 127.0.0.1). */
  address?: string;
  /** Run behind leader election. */
  ha?: boolean;
  /** Lease duration for --ha (default 10 s). */
  leaseDurationMs?: number;
  /** Called when leadership is lost (the command exits). */
  onLostLeadership?: () => void;
}

/** A running scheduler process part. */
export interface RunningScheduler {
  /** The HTTP base URL, if serving. */
  url?: string;
  /** The scheduler once leading (undefined while standby). */
  readonly scheduler: MesosScheduler | undefined;
  /** Resolves once this instance leads and has started. */
  leading: Promise<void>;
  /** Stops everything it started. */
  close(): Promise<void>;
}

/** Starts a scheduler; see StartSchedulerOptions. */
export async function startScheduler(opts: StartSchedulerOptions): Promise<RunningScheduler> {
  const ownsStore = opts.store === undefined;
  const store = opts.store ?? await openStore(opts.storeOptions);
  let scheduler: MesosScheduler | undefined;
  let server: Deno.HttpServer<Deno.NetAddr> | undefined;
  let url: string | undefined;
  if (opts.port !== undefined) {
    const address = opts.address ?? "127.0.0.1";
    try {
      server = Deno.serve(
        { hostname: address, port: opts.port, onListen: () => {} },
        schedulerHttpHandler(() => scheduler),
      );
    } catch (e) {
      if (ownsStore) await store.close();
      throw new Error(
        `cannot serve the scheduler status on ${address}:${opts.port}: ${
          (e as Error).message
        }; choose another --port`,
      );
    }
    const host = address === "0.0.0.0" ? (opts.hostname ?? Deno.hostname()) : address;
    url = `http://${host}:${server.addr.port}`;
  }
  const elector = opts.ha
    ? new LeaderElector({ store, key: SCHEDULER_LEASE_KEY, leaseDurationMs: opts.leaseDurationMs })
    : undefined;
  let closed = false;
  const leading = (async () => {
    if (elector) {
      log.info(`waiting to lead (lease ${SCHEDULER_LEASE_KEY}, identity ${elector.identity})`);
      const won = await elector.campaign(() => {
        const lost = scheduler;
        scheduler = undefined;
        log.error("lost the scheduler lease; this scheduler stops scheduling");
        lost?.close().catch(() => {}).finally(() => opts.onLostLeadership?.());
      });
      if (!won || closed) return;
    }
    const s = new MesosScheduler({ ...opts, store, webuiUrl: opts.webuiUrl ?? url });
    scheduler = s;
    await s.start();
  })();
  leading.catch((e) => log.error(`the scheduler failed to start: ${(e as Error).message}`));
  return {
    url,
    get scheduler() {
      return scheduler;
    },
    leading,
    async close() {
      closed = true;
      if (!elector?.leading) await elector?.stop();
      // Closing first ends a start still waiting for the apiserver (informer sync).
      await scheduler?.close();
      await leading.catch(() => {});
      await scheduler?.close();
      await elector?.stop();
      await server?.shutdown();
      if (ownsStore) await store.close();
    },
  };
}
