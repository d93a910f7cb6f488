/**
 * The executor's view of its pods in the apiserver, as a kubelet's "api" pod source: a watch of
 * the pods bound to its Node (`fieldSelector=spec.nodeName=<node>`, allowed to node identities)
 * that hands every pod whose spec changed to the driver, which restarts containers whose image
 * changed. Mesos tasks carry the pod as it was at launch; edits made later (`kubectl edit`,
 * `kubectl set image`, a patch) reach the executor only this way. A watch rather than a
 * scheduler MESSAGE: Mesos framework messages are best-effort (dropped when the agent or the
 * scheduler is away), while the informer relists after any gap, and it keeps working while no
 * scheduler runs (failover).
 */
import type { Pod } from "../api/types/pod.ts";
import { Informer } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";
import { logger } from "../util/log.ts";

const log = logger("executor");

/** Options of a PodSpecWatch. */
export interface PodSpecWatchOptions {
  client: RestClient;
  /** The executor's Node name (its agent's hostname). */
  nodeName: string;
  /** Called with a pod of this node when it is first listed and whenever its spec changed. */
  onPod: (pod: Pod) => void;
}

/** Watches the pods bound to one Node until stopped. */
export class PodSpecWatch {
  readonly #informer: Informer<Pod>;

  constructor(opts: PodSpecWatchOptions) {
    this.#informer = new Informer<Pod>(opts.client, {
      ref: { resource: "pods" },
      fieldSelector: `spec.nodeName=${opts.nodeName}`,
      log,
    });
    void this.#informer.addHandlers({
      onAdd: (pod) => opts.onPod(pod),
      onUpdate: (old, pod) => {
        if (JSON.stringify(old.spec) !== JSON.stringify(pod.spec)) opts.onPod(pod);
      },
    });
    this.#informer.start();
  }

  /** Ends the watch. */
  async stop(): Promise<void> {
    await this.#informer.stop();
  }
}
