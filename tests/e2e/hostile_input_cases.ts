/**
 * The table of hostile requests for hostile_input_test.ts: malformed and deep JSON/YAML, wrong
 * types, out-of-range numbers, invalid names and namespaces, immutable metadata, every patch
 * type, oversize bodies and bad query parameters, generated from a few lists of bad values.
 * Every case targets the objects `seedObjects()` creates, or names that do not exist.
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

type Obj = Record<string, unknown>;

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
function withField(obj: Obj, path: string, value: unknown): Obj {
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

const MALFORMED_YAML = [
  "a: b: c",
  "metadata:\n\tname: x",
  'metadata: {name: "unterminated}',
  "metadata: [1, 2",
  "- a\nb: c",
  "a: 1\n---\nb: 2",
  "just a string",
  "a: &a [*a, *a, *a]\nb: *zzz",
  `a: &a ["x","x","x","x","x","x","x","x","x"]\n${
    Array.from({ length: 12 }, (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${
        Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(",")
      }]`).join("\n")
  }`,
];

function yamlCases(): HostileCase[] {
  return MALFORMED_YAML.flatMap((body) => [
    {
      name: `malformed YAML create ${JSON.stringify(body.slice(0, 30))}`,
      method: "POST",
      path: `${NS}/pods`,
      contentType: YAML_T,
      body,
      expect: "4xx" as const,
    },
    {
      name: `malformed YAML apply ${JSON.stringify(body.slice(0, 30))}`,
      method: "PATCH",
      path: POD + APPLY_Q,
      contentType: APPLY,
      body,
      expect: "4xx" as const,
    },
  ]);
}

/** [what, base object, dotted path, bad value]; bad types and numbers out of their Go range. */
const BAD_FIELDS: [string, () => Obj, string, unknown][] = [
  ["pod", () => pod("w"), "metadata", "x"],
  ["pod", () => pod("w"), "metadata.name", 5],
  ["pod", () => pod("w"), "metadata.labels", "x"],
  ["pod", () => pod("w"), "metadata.labels", { a: 1 }],
  ["pod", () => pod("w"), "metadata.annotations", []],
  ["pod", () => pod("w"), "spec", "x"],
  ["pod", () => pod("w"), "spec.containers", "x"],
  ["pod", () => pod("w"), "spec.containers", [5]],
  ["pod", () => pod("w"), "spec.containers.0.ports", "x"],
  ["pod", () => pod("w"), "spec.containers.0.ports.0.containerPort", "80"],
  ["pod", () => pod("w"), "spec.containers.0.ports.0.containerPort", true],
  ["pod", () => pod("w"), "spec.containers.0.image", 5],
  ["pod", () => pod("w"), "spec.containers.0.env", "x"],
  ["pod", () => pod("w"), "spec.containers.0.livenessProbe", "x"],
  ["pod", () => pod("w"), "spec.containers.0.livenessProbe", {
    periodSeconds: "10",
    exec: { command: ["true"] },
  }],
  ["pod", () => pod("w"), "spec.containers.0.livenessProbe", { httpGet: { port: true } }],
  ["pod", () => pod("w"), "spec.nodeSelector", "x"],
  ["pod", () => pod("w"), "spec.hostNetwork", "yes"],
  ["pod", () => pod("w"), "spec.terminationGracePeriodSeconds", "30"],
  ["rc", () => rc("w"), "spec.selector", "x"],
  ["rc", () => rc("w"), "spec.selector", { app: 1 }],
  ["rc", () => rc("w"), "spec.replicas", "3"],
  ["rc", () => rc("w"), "spec.replicas", true],
  ["rc", () => rc("w"), "spec.template", "x"],
  ["rc", () => rc("w"), "spec.minReadySeconds", "1"],
  ["svc", () => service("w"), "spec.ports", "x"],
  ["svc", () => service("w"), "spec.ports.0.port", "80"],
  ["svc", () => service("w"), "spec.ports.0.targetPort", true],
  ["svc", () => service("w"), "spec.selector", []],
  ["svc", () => service("w"), "spec.clusterIP", 5],
  ...[2 ** 31, 2 ** 53 + 1, 1e300, -1, 1.5, -(2 ** 31) - 1].map((v) =>
    ["rc", () => rc("w"), "spec.replicas", v] as [string, () => Obj, string, unknown]
  ),
  ["rc", () => rc("w"), "spec.minReadySeconds", -1],
  ...[0, -1, 65536, 2 ** 31, 1e20].map((v) =>
    ["pod", () => pod("w"), "spec.containers.0.ports.0.containerPort", v] as [
      string,
      () => Obj,
      string,
      unknown,
    ]
  ),
  ["pod", () => pod("w"), "spec.containers.0.ports", [{ containerPort: 80, hostPort: 70000 }]],
  ["pod", () => pod("w"), "spec.containers.0.livenessProbe", {
    periodSeconds: -1,
    exec: { command: ["true"] },
  }],
  ["pod", () => pod("w"), "spec.containers.0.livenessProbe", {
    failureThreshold: 2 ** 31,
    exec: { command: ["true"] },
  }],
  ["pod", () => pod("w"), "spec.terminationGracePeriodSeconds", 1e30],
  ["pod", () => pod("w"), "spec.activeDeadlineSeconds", 0],
  ["pod", () => pod("w"), "spec.activeDeadlineSeconds", 1e30],
  ...[0, 65536, 2 ** 31].map((v) =>
    ["svc", () => service("w"), "spec.ports.0.port", v] as [string, () => Obj, string, unknown]
  ),
  // (targetPort 0 is valid: kube defaults it to the port.)
  ...[65536, 2 ** 31].map((v) =>
    ["svc", () => service("w"), "spec.ports.0.targetPort", v] as [
      string,
      () => Obj,
      string,
      unknown,
    ]
  ),
  [
    "svc",
    () => ({ ...service("w"), spec: { type: "NodePort", ports: [{ port: 80, nodePort: 99999 }] } }),
    "metadata.name",
    "w",
  ],
];

function fieldCases(): HostileCase[] {
  const collection: Record<string, string> = {
    pod: "pods",
    svc: "services",
    rc: "replicationcontrollers",
  };
  return BAD_FIELDS.map(([what, base, path, value]) => ({
    name: `${what} ${path} = ${JSON.stringify(value)}`,
    method: "POST",
    path: `${NS}/${collection[what]}`,
    contentType: JSON_T,
    body: JSON.stringify(withField(base(), path, value)),
    expect: "4xx" as const,
  }));
}

/** Every case of this file's categories. */
export function baseCases(): HostileCase[] {
  return [...malformedCases(), ...deepCases(), ...yamlCases(), ...fieldCases()];
}

export { APPLY, APPLY_Q, JSON_T, JSONPATCH, MERGE, NS, POD, RC, SMP, SVC, YAML_T };
