/**
 * mesosShare: a master /state document becomes, per agent, CPU/memory/ports used by k8sm, by
 * other frameworks' live tasks, offered and total; and the frameworks on the master.
 */
import assert from "node:assert/strict";
import { mesosShare, portCount } from "../../../core/dashboard/mesos_share.ts";

Deno.test("portCount: counts the ports of Mesos range summaries", () => {
  assert.equal(portCount("[31000-31999, 32005-32005]"), 1001);
  assert.equal(portCount(undefined), 0);
});

Deno.test("mesosShare: splits each agent into k8sm, other frameworks' tasks and executors, and offered", () => {
  const share = mesosShare({
    slaves: [{
      id: "S0",
      hostname: "a1",
      resources: { cpus: 4, mem: 4096, ports: "[31000-31099]" },
      used_resources: { cpus: 3, mem: 1536, ports: "[31000-31001]" },
      offered_resources: { cpus: 0.5, mem: 512 },
    }],
    frameworks: [
      {
        id: "k8sm-fw",
        name: "Kubernetes",
        tasks: [{ slave_id: "S0", state: "TASK_RUNNING", resources: { cpus: 1, mem: 512 } }],
        used_resources: { cpus: 1.25, mem: 544 },
      },
      {
        id: "other-fw",
        name: "marathon",
        active: false,
        tasks: [
          {
            slave_id: "S0",
            state: "TASK_RUNNING",
            resources: { cpus: 1.5, mem: 1024, ports: "[31001-31001]" },
          },
          { slave_id: "S0", state: "TASK_FINISHED", resources: { cpus: 9, mem: 9 } },
        ],
        executors: [{ slave_id: "S0", resources: { cpus: 0.25, mem: 64 } }],
        used_resources: { cpus: 1.5, mem: 1024, ports: "[31001-31001]" },
        offered_resources: { cpus: 0.5, mem: 512, ports: "[31050-31059]" },
      },
    ],
  }, "k8sm-fw");
  assert.deepEqual(share.agents, [{
    id: "S0",
    hostname: "a1",
    total: { cpus: 4, mem: 4096, ports: 100 },
    k8sm: { cpus: 1.25, mem: 448, ports: 1 },
    other: { cpus: 1.75, mem: 1088, ports: 1 },
    offered: { cpus: 0.5, mem: 512, ports: 0 },
  }]);
  assert.deepEqual(share.frameworks.map((f) => [f.name, f.k8sm, f.active, f.tasks]), [
    ["Kubernetes", true, true, 1],
    ["marathon", false, false, 2],
  ]);
  assert.deepEqual(share.frameworks.map((f) => [f.name, f.used.ports, f.offered.ports]), [
    ["Kubernetes", 0, 0],
    ["marathon", 1, 10],
  ]);
});
