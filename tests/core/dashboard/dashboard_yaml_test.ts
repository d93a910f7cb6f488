/**
 * The dashboard's YAML rendering (core/dashboard/assets/dom.js) reads back as the same object,
 * strings that would read as other things (numbers, booleans, "a: b", leading dashes) included.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
// @ts-types="./dashboard_dom.d.ts"
import { yaml } from "../../../core/dashboard/assets/dom.js";

Deno.test("dashboard yaml: objects read back unchanged", () => {
  const pod = {
    kind: "Pod",
    metadata: {
      name: "web-1",
      labels: { app: "web", "k8s.io/part": "a: b", empty: "" },
      annotations: { n: "123", b: "true", dash: "-x", hash: "a #b", multi: "one\ntwo", sp: " x" },
    },
    spec: {
      containers: [{ name: "c", command: ["sh", "-c", "echo hi: there"], ports: [] }],
      nodeSelector: {},
      replicas: 3,
      ok: false,
      nothing: null,
    },
  };
  assert.deepEqual(parse(yaml(pod)), pod);
});
