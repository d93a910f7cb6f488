/**
 * The pod informer handlers of a controller that creates pods with expectations (Jobs,
 * DaemonSets): a pod controlled by one of its kind marks a creation or deletion observed and
 * queues its owner.
 */
import type { InformerHandlers } from "../client/informer.ts";
import type { Pod } from "../api/types/pod.ts";
import type { ControllerExpectations } from "./controller_expectations.ts";
import { controllerOf } from "./pod_conditions.ts";
import type { WorkQueue } from "./work_queue.ts";

/** Handlers queueing the `kind` owner of every pod event, with expectations kept. */
export function ownedPodHandlers(
  kind: string,
  expectations: ControllerExpectations,
  queue: WorkQueue,
): InformerHandlers<Pod> {
  const owner = (p: Pod) => {
    const ref = controllerOf(p.metadata);
    return ref?.kind === kind ? `${p.metadata.namespace}/${ref.name}` : undefined;
  };
  return {
    onAdd: (p) => {
      const key = owner(p);
      if (!key) return;
      expectations.creationObserved(key);
      queue.add(key);
    },
    onUpdate: (old, p) => {
      const key = owner(p);
      if (!key) return;
      if (p.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
        expectations.deletionObserved(key, p.metadata.name ?? "");
      }
      queue.add(key);
    },
    onDelete: (p) => {
      const key = owner(p);
      if (!key) return;
      expectations.deletionObserved(key, p.metadata.name ?? "");
      queue.add(key);
    },
  };
}
