import assert from "node:assert/strict";
import {
  buildPodStatus,
  type ContainerSnapshot,
  podPhase,
  qosClassOf,
} from "../../../core/executor/pod_status_builder.ts";

function c(
  name: string,
  state: ContainerSnapshot["state"],
  extra: Partial<ContainerSnapshot> = {},
) {
  return {
    name,
    image: "busybox",
    imageID: "",
    restartCount: 0,
    state,
    ready: state.running !== undefined,
    started: state.running !== undefined,
    ...extra,
  };
}
const running = { running: { startedAt: "2026-01-01T00:00:00.123Z" } };
const exit = (exitCode: number) => ({
  terminated: { exitCode, reason: exitCode ? "Error" : "Completed" },
});
const waiting = { waiting: { reason: "ContainerCreating" } };

Deno.test("podPhase follows kubelet's rule", () => {
  assert.equal(podPhase("Always", [c("a", waiting)]), "Pending");
  assert.equal(podPhase("Always", [c("a", running), c("b", waiting)]), "Pending");
  assert.equal(podPhase("Never", [c("a", running), c("b", exit(1))]), "Running");
  assert.equal(podPhase("Always", [c("a", exit(0))]), "Running");
  assert.equal(podPhase("OnFailure", [c("a", exit(0)), c("b", exit(0))]), "Succeeded");
  assert.equal(podPhase("Never", [c("a", exit(0)), c("b", exit(1))]), "Failed");
  assert.equal(podPhase("OnFailure", [c("a", exit(1))]), "Running");
  const backingOff = c("a", { waiting: { reason: "CrashLoopBackOff" } }, { lastState: exit(1) });
  assert.equal(
    podPhase("OnFailure", [backingOff]),
    "Running",
    "a restarting container counts as stopped",
  );
});

Deno.test("buildPodStatus: conditions, IPs, container statuses at second precision", () => {
  const snap = {
    restartPolicy: "Always",
    containers: [c("a", running), c("b", running, { ready: false })],
    podIP: "10.88.0.5",
    hostIP: "192.0.2.1",
    startTime: "2026-01-01T00:00:00.999Z",
  };
  const s1 = buildPodStatus(snap, undefined, "2026-01-01T00:00:01.500Z");
  assert.equal(s1.phase, "Running");
  assert.equal(s1.podIP, "10.88.0.5");
  assert.deepEqual(s1.podIPs, [{ ip: "10.88.0.5" }]);
  assert.equal(s1.hostIP, "192.0.2.1");
  assert.equal(s1.startTime, "2026-01-01T00:00:00Z");
  const ready = s1.conditions!.find((x) => x.type === "Ready")!;
  assert.equal(ready.status, "False");
  assert.equal(ready.reason, "ContainersNotReady");
  assert.equal(ready.message, "containers with unready status: [b]");
  assert.deepEqual(s1.conditions!.map((x) => x.type), [
    "Initialized",
    "Ready",
    "ContainersReady",
    "PodScheduled",
  ]);
  assert.equal(s1.containerStatuses![0].state?.running?.startedAt, "2026-01-01T00:00:00Z");
  snap.containers[1].ready = true;
  const s2 = buildPodStatus(snap, s1, "2026-01-01T00:00:05Z");
  const ready2 = s2.conditions!.find((x) => x.type === "Ready")!;
  assert.equal(ready2.status, "True");
  assert.equal(ready2.lastTransitionTime, "2026-01-01T00:00:05Z");
  assert.equal(
    s2.conditions!.find((x) => x.type === "PodScheduled")!.lastTransitionTime,
    "2026-01-01T00:00:01Z",
    "an unchanged condition keeps its transition time",
  );
});

Deno.test("buildPodStatus: a killed pod is Failed with its reason, Ready False PodCompleted", () => {
  const s = buildPodStatus({
    restartPolicy: "Always",
    containers: [c("a", exit(137))],
    startTime: "2026-01-01T00:00:00Z",
    terminal: { reason: "Killed", message: "killed" },
  });
  assert.equal(s.phase, "Failed");
  assert.equal(s.reason, "Killed");
  assert.equal(s.conditions!.find((x) => x.type === "Ready")!.reason, "PodCompleted");
});

Deno.test("qosClassOf: BestEffort, Burstable, Guaranteed", () => {
  assert.equal(qosClassOf([{}]), "BestEffort");
  assert.equal(qosClassOf([{ resources: { requests: { cpu: "100m" } } }]), "Burstable");
  const full = { limits: { cpu: "1", memory: "64Mi" } };
  assert.equal(qosClassOf([{ resources: full }]), "Guaranteed", "requests default to limits");
  assert.equal(
    qosClassOf([{ resources: full }, { resources: { limits: { cpu: "1" } } }]),
    "Burstable",
  );
});
