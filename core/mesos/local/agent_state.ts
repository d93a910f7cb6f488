/** GET /state of an agent: its info, resources and the executors and tasks it runs. */
import type { Agent } from "./agent.ts";
import { attributeSummary, resourceSummary } from "./state_endpoint.ts";

/** The agent's /state document (a small subset of Mesos' /slave(1)/state). */
export function agentState(agent: Agent): Record<string, unknown> {
  const info = agent.info();
  return {
    id: agent.id,
    pid: `slave(1)@${agent.endpoint}`,
    hostname: info.hostname,
    resources: resourceSummary(info.resources ?? []),
    attributes: attributeSummary(info.attributes ?? []),
    executors: [...agent.runs.values()].map((r) => ({
      id: r.info.executor_id.value,
      framework_id: r.frameworkId,
      container: r.containerId,
      directory: r.sandbox,
      state: r.state,
      pid: r.process?.pid,
      subscribed: r.subscribed,
      tasks: [...r.tasks.values()].map((t) => ({ id: t.info.task_id.value, state: t.state })),
    })),
  };
}
