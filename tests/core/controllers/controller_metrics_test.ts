/**
 * The controller-manager's /metrics names every controller's work queue with its depth and
 * the time spent syncing (issue 15 item 8).
 */
import assert from "node:assert/strict";
import { startControllerManager } from "../../../core/controllers/controller_manager.ts";
import { startTestApiServer } from "../../_helpers/apiserver.ts";

Deno.test("controller-manager /metrics: queue depth and sync time of every controller", async () => {
  const api = await startTestApiServer("memory");
  const cm = startControllerManager({ api: { server: api.url }, port: 0 });
  try {
    await cm.leading;
    const text = await (await fetch(`${cm.url}/metrics`)).text();
    for (
      const name of [
        "replication-controller",
        "replicaset-controller",
        "deployment-controller",
        "job-controller",
        "cronjob-controller",
        "garbage-collector",
      ]
    ) {
      assert.match(text, new RegExp(`k8sm_workqueue_depth\\{name="${name}"\\} \\d+`));
      assert.match(
        text,
        new RegExp(`k8sm_workqueue_sync_duration_seconds_count\\{name="${name}"\\} \\d+`),
      );
    }
  } finally {
    await cm.close();
    await api.stop();
  }
});
