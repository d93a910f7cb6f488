/**
 * The replication manager: the replica loop (replica_controller.ts) over core/v1
 * ReplicationControllers, whose selector is a plain label map.
 */
import { selectorFromSet } from "../api/label_selector.ts";
import type { Pod } from "../api/types/pod.ts";
import type { ReplicationController } from "../api/types/replication_controller.ts";
import type { Informer } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import type { Logger } from "../util/log.ts";
import { ReplicaController, type ReplicaKind } from "./replica_controller.ts";

/** How the replica loop sees a ReplicationController. */
export const RC_REPLICA_KIND: ReplicaKind<ReplicationController> = {
  kind: "ReplicationController",
  apiVersion: "v1",
  resource: "replicationcontrollers",
  component: "replication-controller",
  selector: (rc) => selectorFromSet(rc.spec?.selector),
};

/** Settings of the replication manager. */
export interface ReplicationManagerOptions {
  client: RestClient;
  pods: Informer<Pod>;
  /** A started informer of every replication controller. */
  rcs: Informer<ReplicationController>;
  /** RCs synced at once (`--concurrent-rc-syncs`, default 5). */
  workers?: number;
  /** At most this many creations or deletions per sync (default 500). */
  burstReplicas?: number;
  log?: Logger;
}

/** Runs the replication loop for every RC the informers show. */
export class ReplicationManager extends ReplicaController<ReplicationController> {
  constructor(opts: ReplicationManagerOptions) {
    super({ ...opts, owners: opts.rcs }, RC_REPLICA_KIND);
  }
}
