import assert from "node:assert/strict";
import { podQOSClass } from "../../../core/api/pod_qos.ts";

function spec(...resources: (Record<string, Record<string, string>> | undefined)[]) {
  return { containers: resources.map((r, i) => ({ name: `c${i}`, image: "x", resources: r })) };
}

Deno.test("podQOSClass follows Kubernetes' rules", () => {
  const cases: [string, unknown, string][] = [
    ["nothing set", spec(undefined, {}), "BestEffort"],
    ["zero requests", spec({ requests: { cpu: "0" } }), "BestEffort"],
    [
      "limits only (requests default to them)",
      spec({ limits: { cpu: "1", memory: "1Gi" } }),
      "Guaranteed",
    ],
    [
      "equal",
      spec({ requests: { cpu: "500m", memory: "64Mi" }, limits: { cpu: "0.5", memory: "64Mi" } }),
      "Guaranteed",
    ],
    [
      "request below limit",
      spec({ requests: { cpu: "250m" }, limits: { cpu: "1", memory: "1Gi" } }),
      "Burstable",
    ],
    ["no memory limit", spec({ limits: { cpu: "1" } }), "Burstable"],
    [
      "one container without",
      spec({ limits: { cpu: "1", memory: "1Gi" } }, undefined),
      "Burstable",
    ],
    ["only other resources", spec({ limits: { "example.com/gpu": "1" } }), "BestEffort"],
    ["garbage", "nope", "BestEffort"],
  ];
  for (const [what, s, want] of cases) assert.equal(podQOSClass(s), want, what);
});
