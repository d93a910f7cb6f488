/**
 * The scheduler's writes to pods: `pods/binding` with the task annotations (or an annotation
 * patch for a pod the user pinned with spec.nodeName), marking a pod Failed with the Mesos
 * reason and message through `pods/status`, and removing a pod whose task ended after a
 * graceful delete.
 */
import type { Pod } from "../api/types/pod.ts";
import { ApiError, isNotFound } from "../client/client_errors.ts";
import { resourcePath } from "../client/resource_path.ts";
import type { RestClient } from "../client/rest_client.ts";
import { type TaskAnnotations, taskAnnotations } from "./annotations.ts";

function splitKey(podKey: string): { namespace: string; name: string } {
  const i = podKey.indexOf("/");
  return { namespace: podKey.slice(0, i), name: podKey.slice(i + 1) };
}

/** Writes scheduling outcomes to pods. */
export class Binder {
  constructor(readonly client: RestClient) {}

  /**
   * Binds `pod` to `host` with the task annotations. A pod already assigned to `host` by its
   * author gets the annotations by merge patch instead. Throws ApiError (404 gone, 409 bound).
   */
  async bind(pod: Pod, host: string, annotations: TaskAnnotations): Promise<void> {
    const namespace = pod.metadata.namespace ?? "default";
    const name = pod.metadata.name ?? "";
    const map = taskAnnotations(annotations);
    if (pod.spec?.nodeName) {
      await this.client.patch(
        { resource: "pods", namespace, name },
        { metadata: { uid: pod.metadata.uid, annotations: map } },
        "merge",
      );
      return;
    }
    await this.client.requestJson(
      "POST",
      resourcePath({ resource: "pods", namespace, name, subresource: "binding" }),
      {
        body: {
          apiVersion: "v1",
          kind: "Binding",
          metadata: { name, namespace, uid: pod.metadata.uid, annotations: map },
          target: { apiVersion: "v1", kind: "Node", name: host },
        },
      },
    );
  }

  /**
   * Sets phase Failed with `reason` and `message` on the pod (unless it already ended or is a
   * different incarnation than `uid`). Returns the pod written, or undefined when skipped.
   */
  async markFailed(
    podKey: string,
    uid: string,
    reason: string,
    message: string,
  ): Promise<Pod | undefined> {
    const { namespace, name } = splitKey(podKey);
    for (let attempt = 0; attempt < 5; attempt++) {
      let pod: Pod;
      try {
        pod = await this.client.get<Pod>({ resource: "pods", namespace, name });
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
      if (uid && pod.metadata.uid !== uid) return undefined;
      const phase = pod.status?.phase;
      if (phase === "Succeeded" || (phase === "Failed" && pod.status?.reason === reason)) {
        return undefined;
      }
      const status = { ...pod.status, phase: "Failed" as const, reason, message };
      try {
        return await this.client.update<Pod>(
          { resource: "pods", namespace, name, subresource: "status" },
          { ...pod, status },
        );
      } catch (e) {
        if (e instanceof ApiError && e.code === 409) continue;
        if (isNotFound(e)) return undefined;
        throw e;
      }
    }
    throw new Error(`could not mark pod ${podKey} Failed: it kept changing (5 conflicts)`);
  }

  /** Removes a pod at once (its task is terminal); a pod already gone is fine. */
  async remove(podKey: string, uid: string): Promise<void> {
    const { namespace, name } = splitKey(podKey);
    try {
      await this.client.requestJson(
        "DELETE",
        resourcePath({ resource: "pods", namespace, name }),
        { body: { gracePeriodSeconds: 0, preconditions: uid ? { uid } : undefined } },
      );
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
