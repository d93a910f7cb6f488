/**
 * A stand-in kubelet for controller tests without Mesos: every pod that appears is bound,
 * marked Running and Ready (or, when `outcome` says so, Succeeded or Failed) through the API,
 * as the scheduler and an executor would. It follows a pod watch, so it keeps up with
 * controllers creating many pods.
 */
import type { Pod } from "../../core/api/types/pod.ts";
import { Informer } from "../../core/client/informer.ts";
import type { RestClient } from "../../core/client/rest_client.ts";

/** What becomes of a pod: "Ready" (default), "Succeeded", "Failed", or "Pending" (left alone). */
export type PodOutcome = "Ready" | "Succeeded" | "Failed" | "Pending";

/** A running fake kubelet. */
export interface FakeKubelet {
  /** Stops the watch. */
  stop(): Promise<void>;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

/**
 * Starts driving the pods of `namespace` (default "default") to their outcome; with `place`, an
 * unbound pod is first bound to the node it names (as the scheduler would).
 */
export async function startFakeKubelet(
  client: RestClient,
  outcome: (pod: Pod) => PodOutcome = () => "Ready",
  namespace = "default",
  place?: (pod: Pod) => Promise<string>,
): Promise<FakeKubelet> {
  const pods = new Informer<Pod>(client, { ref: { resource: "pods", namespace } });
  const done = new Set<string>();
  const drive = async (pod: Pod) => {
    const uid = pod.metadata.uid ?? "";
    if (done.has(uid) || pod.metadata.deletionTimestamp) return;
    const result = outcome(pod);
    if (result === "Pending") return;
    if (place && !pod.spec?.nodeName) {
      const node = await place(pod);
      await client.create({ resource: "bindings", namespace }, {
        apiVersion: "v1",
        kind: "Binding",
        metadata: { name: pod.metadata.name },
        target: { kind: "Node", name: node },
      }).catch(() => {});
      return; // the bound pod's update event drives it on
    }
    done.add(uid);
    const ref = { resource: "pods", namespace, name: pod.metadata.name };
    const ready = result === "Ready";
    const exitCode = result === "Failed" ? 1 : 0;
    const phase = result === "Ready" ? "Running" : result;
    try {
      await client.update({ ...ref, subresource: "status" }, {
        ...pod,
        spec: { ...pod.spec, nodeName: pod.spec?.nodeName ?? "node-1" },
        status: {
          phase,
          hostIP: "127.0.0.1",
          podIP: "10.1.0.1",
          startTime: now(),
          conditions: [{
            type: "Ready",
            status: ready ? "True" : "False",
            lastTransitionTime: now(),
          }],
          containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
            name: c.name,
            image: c.image,
            ready,
            restartCount: 0,
            state: ready
              ? { running: { startedAt: now() } }
              : { terminated: { exitCode, reason: result === "Failed" ? "Error" : "Completed" } },
          })),
        },
      });
    } catch {
      done.delete(uid); // deleted meanwhile, or a conflict: the next event retries
    }
  };
  await pods.addHandlers({ onAdd: drive, onUpdate: (_o, p) => drive(p) });
  pods.start();
  await pods.waitForSync();
  return { stop: () => pods.stop() };
}
