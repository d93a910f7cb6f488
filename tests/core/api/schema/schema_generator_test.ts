/** The schema generator on small in-memory declarations: each rule of its doc comment. */
import assert from "node:assert/strict";
import { generateSchemas } from "../../../../core/api/schema/schema_generator.ts";
import { TypeSource } from "../../../../core/api/schema/type_source.ts";

const OBJECT = `
/** @package io.k8s.apimachinery.pkg.apis.meta.v1 */
export interface Meta {
  /** The name. */
  name?: string;
}
/** Base of kinds. */
export interface KubeObject {
  /** The version. */
  apiVersion?: string;
  /**
   * The metadata.
   * @optional
   */
  metadata: Meta;
  [field: string]: unknown;
}
`;

const WIDGET = `
import type { KubeObject } from "./object.ts";
import type { Int64, Quantity } from "./scalars.ts";
import type { IntOrString } from "./int_or_string.ts";

/** One part. */
export interface Part {
  /** The part's name. */
  name: string;
  /** Its size. */
  size?: Quantity;
}

/** What a widget should be. */
export interface WidgetSpec {
  /**
   * The parts, merged by name.
   * @mergeKey name
   */
  parts: Part[];
  /** How many. */
  count?: number;
  /** How long. */
  seconds?: Int64 | null;
  /** The mode. */
  mode?: "Fast" | "Slow";
  /** A port. */
  port?: IntOrString;
  /**
   * Labels.
   * @mapType atomic
   */
  labels?: Record<string, string>;
  /** Anything. */
  extra?: Record<string, unknown>;
  /** Inline. */
  inline?: {
    /** A flag. */
    a?: boolean;
  };
  /** @listType set */
  tags?: string[];
}

/** Accepted, never read. */
export interface Legacy {
  /** An old field. */
  old?: Record<string, unknown>;
}

/**
 * A widget.
 * @schemaIncludes Legacy
 */
export interface Widget extends KubeObject {
  /** The spec. */
  spec: WidgetSpec;
}
`;

function source(files: Record<string, string>): TypeSource {
  return new TypeSource(new Map(Object.entries(files).map(([k, v]) => [`/r/${k}`, v])));
}

Deno.test("schema generator: properties, required, scalars, enums, maps, refs and tags", () => {
  const g = generateSchemas(source({ "object.ts": OBJECT, "widget.ts": WIDGET }), [
    { group: "example.com", version: "v1", kind: "Widget" },
  ]);
  assert.deepEqual(g.kinds, [
    { group: "example.com", version: "v1", kind: "Widget", schema: "io.k8s.api.example.v1.Widget" },
  ]);
  const widget = g.schemas["io.k8s.api.example.v1.Widget"];
  assert.equal(widget.description, "A widget.");
  assert.deepEqual(widget["x-kubernetes-group-version-kind"], [
    { group: "example.com", version: "v1", kind: "Widget" },
  ]);
  assert.deepEqual(widget.required, ["spec"], "metadata is @optional");
  assert.deepEqual(Object.keys(widget.properties!), ["apiVersion", "metadata", "spec", "old"]);
  assert.deepEqual(widget.properties!.metadata, {
    allOf: [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Meta" }],
    description: "The metadata.",
  });
  const spec = g.schemas["io.k8s.api.example.v1.WidgetSpec"].properties!;
  assert.equal(spec.parts["x-kubernetes-patch-merge-key"], "name");
  assert.deepEqual(spec.parts["x-kubernetes-list-map-keys"], ["name"]);
  assert.deepEqual(spec.parts.items, { $ref: "#/components/schemas/io.k8s.api.example.v1.Part" });
  assert.deepEqual(spec.count, { type: "integer", format: "int32", description: "How many." });
  assert.deepEqual(spec.seconds, { type: "integer", format: "int64", description: "How long." });
  assert.deepEqual(spec.mode.enum, ["Fast", "Slow"]);
  assert.match(String(spec.port.allOf?.[0].$ref), /intstr\.IntOrString$/);
  assert.equal(spec.labels["x-kubernetes-map-type"], "atomic");
  assert.deepEqual(spec.labels.additionalProperties, { type: "string" });
  assert.equal(spec.extra["x-kubernetes-preserve-unknown-fields"], true);
  assert.deepEqual(spec.inline.properties, { a: { type: "boolean", description: "A flag." } });
  assert.equal(spec.tags["x-kubernetes-list-type"], "set");
  const part = g.schemas["io.k8s.api.example.v1.Part"];
  assert.deepEqual(part.required, ["name"]);
  assert.match(String(part.properties!.size.allOf?.[0].$ref), /resource\.Quantity$/);
});

Deno.test("schema generator: unsupported types are errors naming the file", () => {
  const bad = `import type { KubeObject } from "./object.ts";
/** Bad. */
export interface Bad extends KubeObject {
  /** A tuple. */
  pair?: [string, number];
}`;
  assert.throws(
    () =>
      generateSchemas(source({ "object.ts": OBJECT, "bad.ts": bad }), [
        { group: "", version: "v1", kind: "Bad" },
      ]),
    /\/r\/bad\.ts.*unsupported type \[string, number\]/,
  );
});
