/** An agent's report of what it runs, for re-registration with a (restarted) master. */
import type { Agent } from "./agent.ts";
import type { AgentSnapshot } from "./links.ts";

/** The frameworks, custom executors and tasks of `agent`'s live executor runs. */
export function agentSnapshot(agent: Agent): AgentSnapshot {
  const runs = [...agent.runs.values()].filter((r) => r.state !== "TERMINATED");
  return {
    info: agent.info(),
    frameworks: [...agent.frameworks.values()],
    executors: runs.filter((r) => r.kind !== "command").map((r) => ({
      frameworkId: r.frameworkId,
      info: r.info,
    })),
    tasks: runs.flatMap((r) =>
      [...r.tasks.values()].map((t) => ({
        frameworkId: r.frameworkId,
        executorId: r.info.executor_id.value,
        task: t.info,
        state: t.state,
      }))
    ),
  };
}
