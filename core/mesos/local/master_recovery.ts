/**
 * Agent re-registration with a restarted master: the agent's snapshot rebuilds the frameworks
 * (disconnected until they resubscribe with their ids), executors and tasks it runs, with
 * their resources charged, as a Mesos master learns them from re-registering agents.
 */
import type { Master } from "./master.ts";
import type { AgentLink, AgentSnapshot } from "./links.ts";
import { Framework } from "./framework.ts";
import { isTerminalState } from "./task_states.ts";

/** Registers `link` with `master` together with everything it runs. */
export function reregisterAgent(master: Master, link: AgentLink, snapshot: AgentSnapshot): void {
  master.addAgent(link);
  master.metrics.agentRegistrations--;
  master.metrics.agentReregistrations++;
  const agentId = link.id;
  const now = Date.now() / 1000;
  for (const info of snapshot.frameworks) {
    const id = info.id!.value;
    if (master.frameworks.has(id) || master.removedFrameworks.has(id)) continue;
    const fw = new Framework(id, info);
    fw.unregisteredAt = now;
    master.frameworks.set(id, fw);
    master.operatorEvents.frameworkAdded(fw);
  }
  for (const e of snapshot.executors) {
    const fw = master.frameworks.get(e.frameworkId);
    if (fw && !fw.executor(agentId, e.info.executor_id.value)) {
      master.addExecutor(fw, agentId, e.info);
    }
  }
  for (const t of snapshot.tasks) {
    const fw = master.frameworks.get(t.frameworkId);
    if (!fw || fw.tasks.has(t.task.task_id.value)) continue;
    const terminal = isTerminalState(t.state);
    const task = {
      info: t.task,
      frameworkId: t.frameworkId,
      agentId,
      executorId: t.executorId,
      state: t.state,
      resources: t.task.resources ?? [],
      released: terminal,
    };
    fw.tasks.set(t.task.task_id.value, task);
    master.operatorEvents.taskAdded(task);
    if (!terminal) master.charge(agentId, t.task.resources ?? []);
  }
}
