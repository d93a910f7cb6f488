/**
 * Unit tests of the scheduler's maintenance helpers: which offers announce maintenance soon
 * (unavailableSoon) and which pods a maintenance drain evicts (evictable).
 */
import assert from "node:assert/strict";
import type { Pod } from "../../../core/api/types/pod.ts";
import { unavailableSoon } from "../../../core/scheduler/inverse_offers.ts";
import { evictable } from "../../../core/scheduler/node_evictor.ts";

const NOW = 1_700_000_000_000;
const ns = (ms: number) => ms * 1_000_000;

Deno.test("unavailableSoon: a window starting within the horizon or under way counts; a later or past one does not", () => {
  const at = (startMs: number, durMs?: number) => ({
    unavailability: {
      start: { nanoseconds: ns(startMs) },
      ...(durMs === undefined ? {} : { duration: { nanoseconds: String(ns(durMs)) } }),
    },
  });
  assert.equal(unavailableSoon({}, NOW), false);
  assert.equal(unavailableSoon(at(NOW + 60_000), NOW, 3_600_000), true);
  assert.equal(unavailableSoon(at(NOW - 60_000, 120_000), NOW), true);
  assert.equal(unavailableSoon(at(NOW + 7_200_000), NOW, 3_600_000), false);
  assert.equal(unavailableSoon(at(NOW - 120_000, 60_000), NOW), false);
});

Deno.test("evictable: running pods yes; finished, terminating and DaemonSet pods no", () => {
  const pod = (extra: Partial<Pod["metadata"]>, phase = "Running"): Pod => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "default", ...extra },
    spec: { containers: [], nodeName: "n" },
    status: { phase },
  } as Pod);
  assert.equal(evictable(pod({})), true);
  assert.equal(evictable(pod({}, "Succeeded")), false);
  assert.equal(evictable(pod({ deletionTimestamp: "2026-01-01T00:00:00Z" })), false);
  const ds = { apiVersion: "apps/v1", kind: "DaemonSet", name: "d", uid: "u", controller: true };
  assert.equal(evictable(pod({ ownerReferences: [ds] })), false);
});
