import assert from "node:assert/strict";
import {
  escapeFieldValue,
  objectFields,
  parseFieldSelector,
  supportedFieldSelectors,
} from "../../../core/api/field_selector.ts";
import { SelectorError } from "../../../core/api/selector_error.ts";
import type { KubeObject } from "../../../core/api/object.ts";

const pod: KubeObject = {
  kind: "Pod",
  apiVersion: "v1",
  metadata: { name: "web-1", namespace: "default" },
  spec: {
    nodeName: "agent-1",
    restartPolicy: "Always",
    schedulerName: "default-scheduler",
    containers: [],
  },
  status: { phase: "Running", podIP: "10.0.0.5" },
};

Deno.test("field selector: matching table on pod fields", () => {
  const fields = objectFields(pod);
  const cases: [string, boolean][] = [
    ["", true],
    ["metadata.name=web-1", true],
    ["metadata.name==web-1", true],
    ["metadata.name!=web-1", false],
    ["spec.nodeName=agent-1,metadata.namespace=default", true],
    ["spec.nodeName=", false],
    ["spec.nodeName!=", true],
    ["status.phase!=Succeeded,status.phase!=Failed", true],
    ["status.podIP=10.0.0.5", true],
    ["status.nominatedNodeName=", true],
    ["spec.serviceAccountName=", true],
    ["spec.hostNetwork=false", true],
    ["spec.restartPolicy=Never", false],
  ];
  for (const [text, want] of cases) {
    assert.equal(parseFieldSelector(text).matches(fields), want, text);
  }
});

Deno.test("field selector: escaping of , = and backslash", () => {
  const s = parseFieldSelector("metadata.name=a\\,b\\=c\\\\d");
  assert.equal(s.matches({ "metadata.name": "a,b=c\\d" }), true);
  assert.equal(escapeFieldValue("a,b=c\\d"), "a\\,b\\=c\\\\d");
  assert.equal(s.toString(), "metadata.name=a\\,b\\=c\\\\d");
  assert.deepEqual(parseFieldSelector("b=1,a!=2").fieldNames(), ["a", "b"]);
  assert.equal(parseFieldSelector(" ").empty(), true);
});

Deno.test("field selector: errors name the bad term", () => {
  const cases: [string, RegExp][] = [
    ["metadata.name", /can't understand 'metadata.name'/],
    ["a=b,c", /can't understand 'c'/],
    ["a=b\\x", /invalid escape sequence: \\x/],
    ["a=b=c", /unescaped character in value: '='/],
    ["a=b\\", /invalid escape sequence/],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => parseFieldSelector(text), (e: unknown) => {
      assert.ok(e instanceof SelectorError, text);
      assert.match(e.message, re, text);
      return true;
    });
  }
});

Deno.test("objectFields and supportedFieldSelectors by kind", () => {
  const event: KubeObject = {
    kind: "Event",
    metadata: { name: "e1", namespace: "default" },
    involvedObject: { kind: "Pod", name: "web-1", namespace: "default", uid: "u1" },
    reason: "Scheduled",
    source: { component: "scheduler" },
    type: "Normal",
    reportingComponent: "k8sm-scheduler",
  };
  const f = objectFields(event);
  assert.equal(f["involvedObject.name"], "web-1");
  assert.equal(f["involvedObject.uid"], "u1");
  assert.equal(f["involvedObject.fieldPath"], "");
  assert.equal(f["source"], "scheduler");
  assert.equal(f["reason"], "Scheduled");
  assert.equal(f["reportingComponent"], "k8sm-scheduler");
  const fs = parseFieldSelector(
    "involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=u1",
  );
  assert.equal(fs.matches(f), true);

  const node: KubeObject = { kind: "Node", metadata: { name: "n" }, spec: { unschedulable: true } };
  assert.equal(objectFields(node)["spec.unschedulable"], "true");
  const ns: KubeObject = {
    kind: "Namespace",
    metadata: { name: "x" },
    status: { phase: "Active" },
  };
  assert.equal(objectFields(ns)["status.phase"], "Active");
  const rc: KubeObject = { kind: "ReplicationController", metadata: { name: "r" } };
  assert.equal(objectFields(rc)["status.replicas"], "0");

  assert.ok(supportedFieldSelectors("Pod").includes("spec.nodeName"));
  assert.ok(supportedFieldSelectors("Event").includes("involvedObject.uid"));
  assert.deepEqual(supportedFieldSelectors("Service"), ["metadata.name", "metadata.namespace"]);
  assert.ok(!supportedFieldSelectors("Service").includes("spec.nodeName"));
});

Deno.test("field selector: arbitrary text parses or throws SelectorError, and round-trips", () => {
  const alphabet = ["a", ".", "=", "!", "\\", ",", " ", "x", "=="];
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < 3000; i++) {
    let text = "";
    for (let j = rand(10); j > 0; j--) text += alphabet[rand(alphabet.length)];
    try {
      const s = parseFieldSelector(text);
      assert.equal(parseFieldSelector(s.toString()).toString(), s.toString(), text);
    } catch (e) {
      assert.ok(e instanceof SelectorError, `${JSON.stringify(text)}: ${e}`);
    }
  }
});
