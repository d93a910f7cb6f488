import assert from "node:assert/strict";
import { parseResourcesText } from "../../../core/mesos/resource_text.ts";
import { cpus, mem, portRanges } from "../../../core/mesos/resource_query.ts";
import type { MesosResource } from "../../../core/mesos/resources.ts";
import { agentLabels, type AgentSlot, applyFit, fitPod } from "../../../core/scheduler/fit.ts";
import type { PodDemand } from "../../../core/scheduler/pod_resources.ts";

const SHARE = { cpus: 0.25, memMb: 128 };

function slot(text: string, extra: Partial<AgentSlot> = {}): AgentSlot {
  const remaining = parseResourcesText(text) as MesosResource[];
  return {
    agentId: "a1",
    hostname: "h1",
    attributes: { rack: "r1" },
    remaining,
    freeCpus: cpus(remaining),
    freeMemMb: mem(remaining),
    hasExecutor: false,
    ...extra,
  };
}

function demand(d: Partial<PodDemand> = {}): PodDemand {
  return { cpus: 0.5, memMb: 128, fixedPorts: [], mappedPorts: [], nodeSelector: {}, ...d };
}

Deno.test("the first pod on an agent also pays the executor's share", () => {
  const s = slot("cpus:1;mem:512;ports:[31000-31010]");
  const fit = fitPod(demand(), s, SHARE);
  assert.ok(fit.ok);
  assert.equal(fit.chargesExecutor, true);
  assert.equal(cpus(fit.resources), 0.5);
  assert.equal(cpus(fit.remaining), 0.25);
  assert.equal(mem(fit.remaining), 256);
  applyFit(s, fit);
  const second = fitPod(demand({ cpus: 0.25 }), s, SHARE);
  assert.ok(second.ok, "the executor runs now: no share for the second pod");
  assert.equal(second.chargesExecutor, false);
});

Deno.test("misfits name the resource", () => {
  const s = slot("cpus:1;mem:256;ports:[31000-31001]");
  const c = fitPod(demand({ cpus: 2 }), s, SHARE);
  assert.ok(!c.ok && c.kind === "cpu" && /needs 2.25 cpus, 1 offered/.test(c.detail));
  const m = fitPod(demand({ memMb: 512 }), s, SHARE);
  assert.ok(!m.ok && m.kind === "memory");
  const p = fitPod(
    demand({ fixedPorts: [{ containerPort: 80, protocol: "TCP", hostPort: 8080 }] }),
    s,
    SHARE,
  );
  assert.ok(!p.ok && p.kind === "ports" && /host port 8080/.test(p.detail));
  const sel = fitPod(
    demand({ nodeSelector: { "k8s.mesosphere.io/attribute-rack": "r2" } }),
    s,
    SHARE,
  );
  assert.ok(!sel.ok && sel.kind === "nodeSelector");
  const pin = fitPod(demand({ pinnedHost: "other" }), s, SHARE);
  assert.ok(!pin.ok && pin.kind === "nodeName");
});

Deno.test("fixed host ports are taken out; a second pod asking the same one does not fit", () => {
  const s = slot("cpus:4;mem:4096;ports:[31000-31010]", { hasExecutor: true });
  const d = demand({ fixedPorts: [{ containerPort: 80, protocol: "TCP", hostPort: 31005 }] });
  const fit = fitPod(d, s, SHARE);
  assert.ok(fit.ok);
  assert.deepEqual(fit.ports, [31005]);
  applyFit(s, fit);
  assert.deepEqual(portRanges(s.remaining), [{ begin: 31000, end: 31004 }, {
    begin: 31006,
    end: 31010,
  }]);
  assert.equal(fitPod(d, s, SHARE).ok, false);
});

Deno.test("mapped ports come from the offer, keyed for the executor", () => {
  const s = slot("cpus:4;mem:4096;ports:[31000-31001]", { hasExecutor: true });
  const fit = fitPod(
    demand({
      mappedPorts: [
        { containerPort: 8080, protocol: "TCP", hostPort: 0 },
        { containerPort: 53, protocol: "UDP", hostPort: 0 },
      ],
    }),
    s,
    SHARE,
  );
  assert.ok(fit.ok);
  assert.deepEqual(fit.hostPorts, { "8080/TCP": 31000, "53/UDP": 31001 });
  const more = fitPod(
    demand({
      mappedPorts: [1, 2, 3].map((i) => ({ containerPort: i, protocol: "TCP", hostPort: 0 })),
    }),
    s,
    SHARE,
  );
  assert.equal(more.ok, false);
});

Deno.test("agent labels: hostname plus one label per attribute", () => {
  assert.deepEqual(agentLabels("h1", { rack: "r1", zone: "a" }), {
    "kubernetes.io/hostname": "h1",
    "k8s.mesosphere.io/attribute-rack": "r1",
    "k8s.mesosphere.io/attribute-zone": "a",
  });
});
