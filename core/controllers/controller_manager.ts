/**
 * `startControllerManager`: the library entry of `k8sm controller-manager` and `k8sm up`. Builds
 * shared informers (pods, replication controllers, ReplicaSets, Deployments, services,
 * endpoints) over one REST client, optionally waits for leadership (a lease kept through the
 * API), then runs the replication manager, the ReplicaSet and Deployment controllers, the
 * garbage collector and the endpoints controller; serves /healthz and /metrics when given a
 * port.
 */
import { apiVersionOf, type ResourceInfo, RESOURCES } from "../api/kinds.ts";
import type { KubeObject } from "../api/object.ts";
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from "../api/types/apps.ts";
import type { Node } from "../api/types/node.ts";
import type { PodDisruptionBudget } from "../api/types/policy.ts";
import type { CronJob, Job } from "../api/types/batch.ts";
import type { Endpoints } from "../api/types/endpoints.ts";
import type { EndpointSlice } from "../api/types/endpoint_slice.ts";
import type { Pod } from "../api/types/pod.ts";
import type { ReplicationController } from "../api/types/replication_controller.ts";
import type { Service } from "../api/types/service.ts";
import { Informer } from "../client/informer.ts";
import { RestClient, type RestConfig } from "../client/rest_client.ts";
import { LeaderElector } from "../scheduler/leader_election.ts";
import { logger } from "../util/log.ts";
import { ApiLeaseStore } from "./api_lease_store.ts";
import { EndpointSliceWriter } from "./endpoint_slices.ts";
import { EndpointsController } from "./endpoints_controller.ts";
import { CronJobController } from "./cron_job_controller.ts";
import { DaemonSetController } from "./daemon_set_controller.ts";
import { DeploymentController } from "./deployment_controller.ts";
import { DisruptionController } from "./disruption_controller.ts";
import { JobController } from "./job_controller.ts";
import { GarbageCollector } from "./garbage_collector.ts";
import { ReplicaController } from "./replica_controller.ts";
import { RS_REPLICA_KIND } from "./replica_set_controller.ts";
import { ReplicationManager } from "./replication_manager.ts";
import { StatefulSetController } from "./stateful_set_controller.ts";
import { workQueueMetrics } from "./work_queue.ts";

const log = logger("controller-manager");

/** Options of startControllerManager. */
export interface ControllerManagerOptions {
  /** How to reach the apiserver. */
  api: RestConfig;
  /** RCs synced at once (`--concurrent-rc-syncs`, default 5). */
  concurrentRcSyncs?: number;
  /** Services synced at once (default 5). */
  concurrentEndpointSyncs?: number;
  /** Run behind leader election (`--leader-elect`). */
  leaderElect?: boolean;
  /** Lease duration for --leader-elect (default 15 s). */
  leaseDurationMs?: number;
  /** The clock of the Job and CronJob controllers (ms; tests inject one). */
  now?: () => number;
  /** Called when leadership is lost (the command exits, as Kubernetes' does). */
  onLostLeadership?: () => void;
  /** HTTP port for /healthz and /metrics (undefined = no server, 0 = any). */
  port?: number;
  address?: string;
}

/** A running controller-manager. */
export interface RunningControllerManager {
  /** The HTTP base URL, if serving. */
  url?: string;
  /** Resolves once this instance leads and its controllers have started. */
  leading: Promise<void>;
  replication?: ReplicationManager;
  /** Stops the controllers, informers, election and server. */
  close(): Promise<void>;
}

/** Starts the controllers; see ControllerManagerOptions. */
export function startControllerManager(
  opts: ControllerManagerOptions,
): RunningControllerManager {
  const client = new RestClient({ userAgent: "k8sm-controller-manager", ...opts.api });
  const byName = new Map<string, Informer<KubeObject>>();
  const inf = <T extends KubeObject>(resource: string, group = "") => {
    const info = resourceInfo(group, resource);
    const informer = new Informer<T>(client, {
      ref: { resource, groupVersion: apiVersionOf(info) },
      resyncMs: 30_000,
      log,
    });
    byName.set(`${group}/${resource}`, informer as unknown as Informer<KubeObject>);
    return informer;
  };
  const pods = inf<Pod>("pods");
  const rcs = inf<ReplicationController>("replicationcontrollers");
  const services = inf<Service>("services");
  const endpoints = inf<Endpoints>("endpoints");
  const slices = inf<EndpointSlice>("endpointslices", "discovery.k8s.io");
  const replicaSets = inf<ReplicaSet>("replicasets", "apps");
  const deployments = inf<Deployment>("deployments", "apps");
  const daemonSets = inf<DaemonSet>("daemonsets", "apps");
  const nodes = inf<Node>("nodes");
  const statefulSets = inf<StatefulSet>("statefulsets", "apps");
  const budgets = inf<PodDisruptionBudget>("poddisruptionbudgets", "policy");
  const jobs = inf<Job>("jobs", "batch");
  const cronJobs = inf<CronJob>("cronjobs", "batch");
  const informers = [...byName.values()];
  const names = [...byName.keys()];
  const replication = new ReplicationManager({
    client,
    pods,
    rcs,
    workers: opts.concurrentRcSyncs,
  });
  const rsController = new ReplicaController<ReplicaSet>({
    client,
    pods,
    owners: replicaSets,
    workers: opts.concurrentRcSyncs,
  }, RS_REPLICA_KIND);
  const deploymentController = new DeploymentController({
    client,
    deployments,
    replicaSets,
    pods,
    workers: opts.concurrentRcSyncs,
  });
  const daemonSetController = new DaemonSetController({ client, daemonSets, nodes, pods });
  const statefulSetController = new StatefulSetController({ client, statefulSets, pods });
  const disruption = new DisruptionController({ client, budgets, pods });
  const jobController = new JobController({ client, jobs, pods, now: opts.now });
  const cronJobController = new CronJobController({ client, cronJobs, jobs, now: opts.now });
  const owned = [
    "/pods",
    "/replicationcontrollers",
    "apps/replicasets",
    "apps/deployments",
    "apps/daemonsets",
    "apps/statefulsets",
    "batch/jobs",
    "batch/cronjobs",
  ];
  const gc = new GarbageCollector({
    client,
    sources: owned.map((n) => {
      const [group, resource] = n.split("/");
      return { info: resourceInfo(group, resource), informer: byName.get(n)! };
    }),
  });
  const ec = new EndpointsController({
    client,
    services,
    pods,
    endpoints,
    slices: new EndpointSliceWriter(client, slices),
    workers: opts.concurrentEndpointSyncs,
  });
  const elector = opts.leaderElect
    ? new LeaderElector({
      store: new ApiLeaseStore(client),
      key: "kube-system/k8sm-controller-manager",
      leaseDurationMs: opts.leaseDurationMs ?? 15_000,
    })
    : undefined;
  let server: Deno.HttpServer<Deno.NetAddr> | undefined;
  let url: string | undefined;
  let started = false;
  if (opts.port !== undefined) {
    const address = opts.address ?? "127.0.0.1";
    try {
      server = Deno.serve({ hostname: address, port: opts.port, onListen: () => {} }, (req) => {
        const path = new URL(req.url).pathname;
        if (path === "/healthz") return new Response("ok\n");
        if (path === "/metrics") return new Response(metricsText(replication, started));
        return new Response("not found\n", { status: 404 });
      });
    } catch (e) {
      client.close();
      throw new Error(
        `cannot serve the controller-manager's /healthz on ${address}:${opts.port}: ${
          (e as Error).message
        }; choose another --port`,
      );
    }
    url = `http://${address}:${server.addr.port}`;
  }
  let closed = false;
  const leading = (async () => {
    if (elector) {
      log.info(`waiting to lead (identity ${elector.identity})`);
      const won = await elector.campaign(() => opts.onLostLeadership?.());
      if (!won || closed) return;
    }
    for (const i of informers) i.start();
    await Promise.all([
      replication.start(),
      rsController.start(),
      deploymentController.start(),
      daemonSetController.start(),
      statefulSetController.start(),
      disruption.start(),
      jobController.start(),
      cronJobController.start(),
      gc.start(),
      ec.start(),
    ]);
    started = true;
    log.info(`controllers running against ${opts.api.server}`);
  })();
  leading.catch((e) => log.error(`the controllers failed to start: ${(e as Error).message}`));
  return {
    url,
    leading,
    replication,
    async close() {
      closed = true;
      if (!elector?.leading) await elector?.stop();
      await Promise.all(informers.map((i, n) => stopWithin(i, names[n], 5000)));
      log.v(2, "informers stopped");
      await leading.catch(() => {});
      await Promise.all([
        replication.stop().then(() => log.v(2, "replication manager stopped")),
        rsController.stop().then(() => log.v(2, "replicaset controller stopped")),
        deploymentController.stop().then(() => log.v(2, "deployment controller stopped")),
        daemonSetController.stop().then(() => log.v(2, "daemonset controller stopped")),
        statefulSetController.stop().then(() => log.v(2, "statefulset controller stopped")),
        disruption.stop().then(() => log.v(2, "disruption controller stopped")),
        jobController.stop().then(() => log.v(2, "job controller stopped")),
        cronJobController.stop().then(() => log.v(2, "cronjob controller stopped")),
        gc.stop().then(() => log.v(2, "garbage collector stopped")),
        ec.stop().then(() => log.v(2, "endpoints controller stopped")),
      ]);
      await elector?.stop();
      await server?.shutdown();
      client.close();
    },
  };
}

/** The served resource `group`/`resource` (a programming error when it is not served). */
function resourceInfo(group: string, resource: string): ResourceInfo {
  const info = RESOURCES.find((r) => r.group === group && r.resource === resource);
  if (!info) throw new Error(`the resource ${group}/${resource} is not served`);
  return info;
}

/** Stops an informer, but gives up waiting after `ms` (a stuck watch must not block exit). */
async function stopWithin(i: { stop(): Promise<void> }, name: string, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log.warn(`the ${name} informer did not stop within ${ms} ms; going on`);
      resolve();
    }, ms);
  });
  await Promise.race([i.stop(), late]);
  clearTimeout(timer);
}

function metricsText(rm: ReplicationManager, started: boolean): string {
  return [
    "# HELP k8sm_controller_manager_leading 1 when the controllers run on this instance.",
    "# TYPE k8sm_controller_manager_leading gauge",
    `k8sm_controller_manager_leading ${started ? 1 : 0}`,
    "# HELP k8sm_replication_queue_length RCs waiting to be synced.",
    "# TYPE k8sm_replication_queue_length gauge",
    `k8sm_replication_queue_length ${rm.queueLength}`,
    workQueueMetrics(),
  ].join("\n");
}
