import assert from "node:assert/strict";
import {
  formatObjects,
  objectName,
  parseOutputFormat,
} from "../../../cli/output/object_printer.ts";

const obj = { kind: "Pod", apiVersion: "v1", metadata: { name: "a", labels: { z: "1", b: "2" } } };

Deno.test("object printer: one object prints bare with sorted keys, several as a List", () => {
  assert.equal(
    formatObjects([obj], "json", true),
    JSON.stringify(
      { apiVersion: "v1", kind: "Pod", metadata: { labels: { b: "2", z: "1" }, name: "a" } },
      null,
      4,
    ),
  );
  const yaml = formatObjects([obj, obj], "yaml", false);
  assert.ok(yaml.startsWith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n"), yaml);
  assert.ok(yaml.endsWith('kind: List\nmetadata:\n  resourceVersion: ""'), yaml);
});

Deno.test("object printer: -o name and unknown formats", () => {
  assert.equal(objectName("replicationcontroller", "web"), "replicationcontroller/web");
  assert.equal(parseOutputFormat(undefined), "table");
  assert.equal(parseOutputFormat("wide"), "wide");
  assert.equal(parseOutputFormat("=yaml"), "yaml");
  assert.throws(
    () => parseOutputFormat("xml"),
    /unable to match a printer suitable for the output format "xml", allowed formats are: json,name,wide,yaml/,
  );
});

Deno.test("object printer: YAML quotes what kubectl's YAML 1.1 reader would not read back as a string", () => {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      creationTimestamp: "2026-01-01T00:00:00Z",
      labels: { a: "on", b: "yes", c: "y", d: "1.10", e: "plain" },
      name: "p",
    },
  };
  assert.equal(
    formatObjects([pod], "yaml", true),
    [
      "apiVersion: v1",
      "kind: Pod",
      "metadata:",
      '  creationTimestamp: "2026-01-01T00:00:00Z"',
      "  labels:",
      '    a: "on"',
      '    b: "yes"',
      '    c: "y"',
      '    d: "1.10"',
      "    e: plain",
      "  name: p",
    ].join("\n"),
  );
});
