/**
 * Hostile-input cases: malformed YAML, fields of the wrong JSON type or out of their Go range,
 * and bad query parameters (only required not to be answered with a 5xx).
 */
import {
  APPLY,
  APPLY_Q,
  type HostileCase,
  JSON_T,
  NS,
  type Obj,
  POD,
  pod,
  rc,
  service,
  withField,
  YAML_T,
} from "./hostile_input_cases.ts";

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

const BAD_QUERIES = [
  "resourceVersion=abc",
  "resourceVersion=-1",
  "limit=-1",
  "limit=abc",
  "limit=1e99",
  "continue=forged",
  `continue=${btoa('{"v":"meta.k8s.io/v1","rv":99999999,"start":"/../../"}')}`,
  "resourceVersionMatch=bogus",
  "resourceVersionMatch=Exact",
  "resourceVersionMatch=NotOlderThan&resourceVersion=abc",
  "timeoutSeconds=abc",
  "timeoutSeconds=-1",
  "labelSelector=a%20in%20(b",
  "fieldSelector=spec.foo%3Dx",
  "fieldSelector=%3D%3D",
  "labelSelector=%21%21",
  "watch=maybe&limit=-5",
];

function queryCases(): HostileCase[] {
  const out: HostileCase[] = [];
  for (const q of BAD_QUERIES) {
    out.push(
      { name: `list pods ?${q}`, method: "GET", path: `${NS}/pods?${q}`, expect: "not5xx" },
      {
        name: `list all services ?${q}`,
        method: "GET",
        path: `/api/v1/services?${q}`,
        expect: "not5xx",
      },
    );
  }
  out.push(
    {
      name: "get pod ?resourceVersion=abc",
      method: "GET",
      path: `${POD}?resourceVersion=abc`,
      expect: "not5xx",
    },
    {
      name: "create ?fieldValidation=bogus",
      method: "POST",
      path: `${NS}/pods?fieldValidation=bogus`,
      contentType: JSON_T,
      body: JSON.stringify(pod("q")),
      expect: 400,
    },
    {
      name: "create ?dryRun=Everything",
      method: "POST",
      path: `${NS}/pods?dryRun=Everything`,
      contentType: JSON_T,
      body: JSON.stringify(pod("q")),
      expect: 400,
    },
    {
      name: "delete ?gracePeriodSeconds=abc",
      method: "DELETE",
      path: `${POD}?gracePeriodSeconds=abc`,
      expect: 400,
    },
    {
      name: "delete ?propagationPolicy=bogus",
      method: "DELETE",
      path: `${POD}?propagationPolicy=bogus`,
      expect: "4xx",
    },
    {
      name: "delete with a malformed body",
      method: "DELETE",
      path: POD,
      contentType: JSON_T,
      body: "{",
      expect: 400,
    },
    {
      name: "delete with a stale uid precondition",
      method: "DELETE",
      path: POD,
      contentType: JSON_T,
      body: '{"preconditions":{"uid":"nope"}}',
      expect: 409,
    },
  );
  return out;
}

/** The YAML, field and query cases. */
export function fieldAndQueryCases(): HostileCase[] {
  return [...yamlCases(), ...fieldCases(), ...queryCases()];
}
