/**
 * The table of hostile requests for hostile_input_test.ts: malformed and deep JSON/YAML, wrong
 * types, out-of-range numbers, invalid names and namespaces, immutable metadata, every patch
 * type, oversize bodies and bad query parameters, generated from a few lists of bad values.
 * Every case targets the objects `seedObjects()` creates, or names that do not exist. This file:
 * the shared parts, malformed and deep bodies; the other categories live in hostile_input_*.ts.
 */

/** What a case's answer must be: an exact 4xx, any 4xx, or (bad query params) anything but 5xx. */
export type Expect = number | "4xx" | "not5xx";

/** One hostile request. */
export interface HostileCase {
  name: string;
  method: string;
  path: string;
  contentType?: string;
  body?: string | ReadableStream<Uint8Array>;
  expect: Expect;
}

const NS = "/api/v1/namespaces/default";
const POD = `${NS}/pods/p1`;
const SVC = `${NS}/services/s1`;
const RC = `${NS}/replicationcontrollers/rc1`;
const JSON_T = "application/json";
const YAML_T = "application/yaml";
const MERGE = "application/merge-patch+json";
const JSONPATCH = "application/json-patch+json";
const SMP = "application/strategic-merge-patch+json";
const APPLY = "application/apply-patch+yaml";
const APPLY_Q = "?fieldManager=hostile";

/** A decoded JSON object. */
export type Obj = Record<string, unknown>;

/** A valid pod. */
export function pod(name: string): Obj {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: "h" } },
    spec: { containers: [{ name: "c", image: "busybox", ports: [{ containerPort: 80 }] }] },
  };
}

/** A valid service. */
export function service(name: string): Obj {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name },
    spec: { selector: { app: "h" }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

/** A valid replication controller. */
export function rc(name: string): Obj {
  return {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { app: "h" },
      template: { metadata: { labels: { app: "h" } }, spec: pod("x").spec },
    },
  };
}

/** The objects the cases address, as [collection path, body]. */
export function seedObjects(): [string, Obj][] {
  return [[`${NS}/pods`, pod("p1")], [`${NS}/services`, service("s1")], [
    `${NS}/replicationcontrollers`,
    rc("rc1"),
  ]];
}

/** Sets `value` at a dotted path (`spec.containers.0.ports.0.containerPort`) of a copy. */
export function withField(obj: Obj, path: string, value: unknown): Obj {
  const copy = structuredClone(obj);
  const keys = path.split(".");
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[keys[keys.length - 1]] = value;
  return copy;
}

const MALFORMED_JSON = [
  "{",
  '{"metadata":{"name":"x"}',
  "}",
  '{"a" 1}',
  "{'a':1}",
  '{"a":1,}',
  "[1,2",
  '"unterminated',
  '{"a":tru}',
  "NaN",
  '{"a":1}{"b":2}',
  '{"a":"\u0001"}',
  "\u0000",
];
const NOT_OBJECTS = ["null", "123", '"str"', "[]", "true"];

function malformedCases(): HostileCase[] {
  const targets: [string, string, string][] = [
    ["POST", `${NS}/pods`, JSON_T],
    ["POST", `${NS}/services`, JSON_T],
    ["POST", `${NS}/replicationcontrollers`, JSON_T],
    ["PUT", POD, JSON_T],
    ["PATCH", POD, MERGE],
    ["PATCH", RC, SMP],
    ["PATCH", SVC, JSONPATCH],
  ];
  const out: HostileCase[] = [];
  for (const [method, path, contentType] of targets) {
    for (const body of MALFORMED_JSON) {
      out.push({
        name: `malformed ${contentType} ${JSON.stringify(body)}`,
        method,
        path,
        contentType,
        body,
        expect: 400,
      });
    }
    if (contentType === JSONPATCH || contentType === SMP) continue;
    for (const body of NOT_OBJECTS) {
      out.push({
        name: `not an object ${contentType} ${body}`,
        method,
        path,
        contentType,
        body,
        expect: 400,
      });
    }
  }
  out.push({
    name: "empty body",
    method: "POST",
    path: `${NS}/pods`,
    contentType: JSON_T,
    body: "",
    expect: 400,
  });
  return out;
}

function deepCases(): HostileCase[] {
  const out: HostileCase[] = [];
  for (const depth of [501, 5000, 100_000]) {
    const arr = "[".repeat(depth) + "]".repeat(depth);
    const obj = '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    for (const [shape, v] of [["array", arr], ["object", obj]]) {
      const at = (s: string) => `${s} ${shape} ${depth} deep`;
      out.push(
        {
          name: at("create JSON"),
          method: "POST",
          path: `${NS}/pods`,
          contentType: JSON_T,
          body: `{"metadata":{"name":"d"},"spec":{"x":${v}}}`,
          expect: 400,
        },
        {
          name: at("update JSON"),
          method: "PUT",
          path: POD,
          contentType: JSON_T,
          body: `{"metadata":{"name":"p1"},"spec":${v}}`,
          expect: 400,
        },
        {
          name: at("merge patch"),
          method: "PATCH",
          path: POD,
          contentType: MERGE,
          body: `{"metadata":{"labels":${v}}}`,
          expect: 400,
        },
        {
          name: at("strategic merge patch"),
          method: "PATCH",
          path: RC,
          contentType: SMP,
          body: `{"spec":${v}}`,
          expect: 400,
        },
        {
          name: at("JSON patch"),
          method: "PATCH",
          path: SVC,
          contentType: JSONPATCH,
          body: `[{"op":"add","path":"/spec/x","value":${v}}]`,
          expect: 400,
        },
      );
    }
    const flow = "[".repeat(depth) + "]".repeat(depth);
    out.push(
      {
        name: `create YAML flow ${depth} deep`,
        method: "POST",
        path: `${NS}/pods`,
        contentType: YAML_T,
        body: `metadata: {name: d}\nspec: ${flow}\n`,
        expect: 400,
      },
      {
        name: `apply YAML flow ${depth} deep`,
        method: "PATCH",
        path: POD + APPLY_Q,
        contentType: APPLY,
        body: `apiVersion: v1\nkind: Pod\nmetadata: {name: p1}\nspec:\n  x: ${flow}\n`,
        expect: 400,
      },
      {
        name: `create YAML block sequences ${depth} deep`,
        method: "POST",
        path: `${NS}/pods`,
        contentType: YAML_T,
        body: `metadata: {name: d}\nspec:\n  x:\n    ${"- ".repeat(depth)}1\n`,
        expect: 400,
      },
    );
  }
  const indented = Array.from({ length: 600 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n");
  out.push({
    name: "create YAML indented 600 deep",
    method: "POST",
    path: `${NS}/pods`,
    contentType: YAML_T,
    body: `metadata: {name: d}\nspec:\n${indented.replace(/^/gm, "  ")} 1\n`,
    expect: 400,
  });
  return out;
}
/** The malformed and deep cases. */
export function baseCases(): HostileCase[] {
  return [...malformedCases(), ...deepCases()];
}

export { APPLY, APPLY_Q, JSON_T, JSONPATCH, MERGE, NS, POD, RC, SMP, SVC, YAML_T };
