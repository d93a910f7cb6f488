/**
 * A test apiserver plus a controller-manager on it, with small helpers to create objects,
 * list pods and write pod status the way the scheduler and executor would.
 */
import { startControllerManager } from "../../core/controllers/controller_manager.ts";
import type { RunningControllerManager } from "../../core/controllers/controller_manager.ts";
import type { Pod } from "../../core/api/types/pod.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import { resourcePath } from "../../core/client/resource_path.ts";
import { startTestApiServer, type TestApiServer } from "./apiserver.ts";

/** A running apiserver + controller-manager for a test. */
export interface ControllerEnv {
  api: TestApiServer;
  client: RestClient;
  cm: RunningControllerManager;
  /** Pods in `default` (optionally with a label selector). */
  pods(selector?: string): Promise<Pod[]>;
  /** Marks a pod bound, Running with the given IPs, and Ready (or not). */
  runPod(name: string, opts?: { ready?: boolean; podIP?: string; hostIP?: string }): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the environment; call stop() in a finally block. */
export async function startControllerEnv(): Promise<ControllerEnv> {
  const api = await startTestApiServer("memory");
  const client = new RestClient({ server: api.url });
  const cm = startControllerManager({ api: { server: api.url } });
  await cm.leading;
  return {
    api,
    client,
    cm,
    async pods(selector) {
      const list = await client.list<Pod>({ resource: "pods", namespace: "default" }, {
        labelSelector: selector,
      });
      return list.items;
    },
    async runPod(name, opts = {}) {
      const ref = { resource: "pods", namespace: "default", name };
      const pod = await client.get<Pod>(ref);
      if (!pod.spec?.nodeName) {
        await client.requestJson("POST", resourcePath({ ...ref, subresource: "binding" }), {
          body: {
            apiVersion: "v1",
            kind: "Binding",
            metadata: { name },
            target: { kind: "Node", name: "node-1" },
          },
        });
      }
      const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      const fresh = await client.get<Pod>(ref);
      await client.update({ ...ref, subresource: "status" }, {
        ...fresh,
        status: {
          phase: "Running",
          hostIP: opts.hostIP ?? "127.0.0.1",
          podIP: opts.podIP ?? "10.1.0.1",
          conditions: [{
            type: "Ready",
            status: opts.ready === false ? "False" : "True",
            lastTransitionTime: now,
          }],
        },
      });
    },
    async stop() {
      await cm.close();
      client.close();
      await api.stop();
    },
  };
}
