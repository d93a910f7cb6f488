import assert from "node:assert/strict";
import { validateObject, validateStatusUpdate } from "../../../core/api/validation.ts";
import { applyDefaults } from "../../../core/api/defaults.ts";
import type { FieldError } from "../../../core/api/field_error.ts";
import type { KubeObject } from "../../../core/api/object.ts";
import { set } from "./json_edit.ts";

/** A valid, defaulted pod with `mutate` applied to its JSON before defaulting. */
function pod(mutate: (p: unknown) => void = () => {}): KubeObject {
  const p = {
    kind: "Pod",
    apiVersion: "v1",
    metadata: { name: "web", namespace: "default", labels: { app: "web" } },
    spec: {
      containers: [{ name: "main", image: "nginx:1.25", ports: [{ containerPort: 80 }] }],
    },
  };
  mutate(p);
  applyDefaults(p);
  return p;
}

function errs(obj: KubeObject, old?: KubeObject): string[] {
  return validateObject(obj, old).map((e: FieldError) => `${e.field}: ${e.message}`);
}

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

Deno.test("a valid pod has no errors", () => {
  assert.deepEqual(errs(pod()), []);
});

Deno.test("pod validation: each rule with Kubernetes' field path and message", () => {
  const cases: [string, (p: unknown) => void, string[]][] = [
    ["bad name", set(["metadata.name", "Foo_Bar"]), [
      `metadata.name: Invalid value: "Foo_Bar": ${SUBDOMAIN_MSG}`,
    ]],
    ["no name", set(["metadata.name", undefined]), [
      "metadata.name: Required value: name or generateName is required",
    ]],
    ["generateName only", set(["metadata.name", undefined], ["metadata.generateName", "web-"]), []],
    ["no namespace", set(["metadata.namespace", undefined]), [
      "metadata.namespace: Required value",
    ]],
    ["bad label key", set(["metadata.labels", { "-x": "y" }]), [
      `metadata.labels: Invalid value: "-x": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ]],
    ["bad label value", set(["metadata.labels", { a: "x y" }]), [
      `metadata.labels: Invalid value: "x y": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]],
    ["huge annotations", set(["metadata.annotations", { a: "x".repeat(262144) }]), [
      "metadata.annotations: Too long: may not be more than 262144 bytes",
    ]],
    ["no containers", set(["spec.containers", []]), ["spec.containers: Required value"]],
    ["missing containers", set(["spec.containers", undefined]), [
      "spec.containers: Required value",
    ]],
    ["no spec", set(["spec", undefined]), ["spec.containers: Required value"]],
    ["duplicate container", set(["spec.containers[+]", { name: "main", image: "x" }]), [
      'spec.containers[1].name: Duplicate value: "main"',
    ]],
    ["container name", set(["spec.containers[0].name", "Main"]), [
      `spec.containers[0].name: Invalid value: "Main": ${LABEL_MSG}`,
    ]],
    ["container name dots", set(["spec.containers[0].name", "a.b"]), [
      'spec.containers[0].name: Invalid value: "a.b": must not contain dots',
    ]],
    ["no container name", set(["spec.containers[0].name", undefined]), [
      "spec.containers[0].name: Required value",
    ]],
    ["no image", set(["spec.containers[0].image", ""]), [
      "spec.containers[0].image: Required value",
    ]],
    ["image whitespace", set(["spec.containers[0].image", " x"]), [
      'spec.containers[0].image: Invalid value: " x": must not have leading or trailing whitespace',
    ]],
    ["port too big", set(["spec.containers[0].ports[+]", { containerPort: 70000 }]), [
      "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ]],
    ["port missing", set(["spec.containers[0].ports[+]", { hostPort: 80 }]), [
      "spec.containers[0].ports[1].containerPort: Required value",
    ]],
    ["host port", set(["spec.containers[0].ports[0].hostPort", -1]), [
      "spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive",
    ]],
    ["host port 0 is fine", set(["spec.containers[0].ports[0].hostPort", 0]), []],
    ["protocol", set(["spec.containers[0].ports[0].protocol", "ICMP"]), [
      'spec.containers[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ]],
    [
      "dup port names",
      set(["spec.containers[0].ports", [
        { name: "http", containerPort: 80 },
        { name: "http", containerPort: 81 },
      ]]),
      ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
    ],
    ["port name", set(["spec.containers[0].ports[0].name", "HTTP"]), [
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ]],
    [
      "host port conflict",
      set(
        ["spec.containers[0].ports[0].hostPort", 8080],
        ["spec.containers[+]", {
          name: "b",
          image: "x",
          ports: [{ containerPort: 81, hostPort: 8080 }],
        }],
      ),
      ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'],
    ],
    ["restartPolicy", set(["spec.restartPolicy", "Sometimes"]), [
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]],
    ["env name", set(["spec.containers[0].env", [{ name: "1X", value: "v" }]]), [
      `spec.containers[0].env[0].name: Invalid value: "1X": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
    ]],
    [
      "env fieldRef",
      set(["spec.containers[0].env", [{
        name: "X",
        valueFrom: { fieldRef: { fieldPath: "spec.bogus" } },
      }]]),
      [
        'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.bogus": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      ],
    ],
    ["probe without handler", set(["spec.containers[0].livenessProbe", {}]), [
      "spec.containers[0].livenessProbe: Required value: must specify a handler type",
    ]],
    [
      "probe two handlers",
      set(["spec.containers[0].readinessProbe", {
        httpGet: { port: 80 },
        tcpSocket: { port: 80 },
      }]),
      [
        "spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
      ],
    ],
    [
      "probe negative",
      set(["spec.containers[0].livenessProbe", { exec: { command: ["true"] }, periodSeconds: -1 }]),
      [
        "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
      ],
    ],
    [
      "liveness success threshold",
      set(["spec.containers[0].livenessProbe", {
        exec: { command: ["true"] },
        successThreshold: 2,
      }]),
      [
        "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
      ],
    ],
    ["probe port name", set(["spec.containers[0].livenessProbe", { tcpSocket: { port: "a_b" } }]), [
      'spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: "a_b": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]],
    [
      "requests over limits",
      set(["spec.containers[0].resources", { requests: { cpu: "2" }, limits: { cpu: "1" } }]),
      [
        'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      ],
    ],
    ["bad quantity", set(["spec.containers[0].resources", { limits: { memory: "lots" } }]), [
      `spec.containers[0].resources.limits[memory]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      `spec.containers[0].resources.requests[memory]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ]],
    ["nodeSelector", set(["spec.nodeSelector", { "a b": "c" }]), [
      `spec.nodeSelector: Invalid value: "a b": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ]],
    [
      "volume mount unknown",
      set(["spec.containers[0].volumeMounts", [{ name: "data", mountPath: "/d" }]]),
      [
        'spec.containers[0].volumeMounts[0].name: Not found: "data"',
      ],
    ],
    [
      "hostNetwork ports",
      set(["spec.hostNetwork", true], ["spec.containers[0].ports[0].hostPort", 81]),
      [
        "spec.containers[0].ports[0].containerPort: Invalid value: 80: must match `hostPort` when `hostNetwork` is true",
      ],
    ],
    ["wrong type", set(["spec.containers[0].image", 5]), [
      "spec.containers[0].image: Invalid value: 5: must be a string",
      "spec.containers[0].image: Required value",
    ]],
    ["containers not an array", set(["spec.containers", "x"]), [
      'spec.containers: Invalid value: "x": must be an array',
      "spec.containers: Required value",
    ]],
  ];
  for (const [what, mutate, want] of cases) assert.deepEqual(errs(pod(mutate)), want, what);
});

Deno.test("pod errors carry the Kubernetes cause reasons", () => {
  const types = validateObject(pod(set(
    ["spec.containers[+]", { name: "main" }],
    ["spec.restartPolicy", "x"],
    ["metadata.name", "A"],
  ))).map((e) => e.type);
  assert.deepEqual(types.sort(), [
    "FieldValueDuplicate",
    "FieldValueInvalid",
    "FieldValueNotSupported",
    "FieldValueRequired",
  ]);
});

Deno.test("pod update: only images, deadline, tolerations and nodeName may change", () => {
  const old = pod();
  assert.deepEqual(errs(pod(set(["spec.containers[0].image", "nginx:2"])), old), []);
  assert.deepEqual(errs(pod(set(["spec.nodeName", "agent-1"])), old), []);
  assert.deepEqual(errs(pod(set(["metadata.labels", { app: "x" }])), old), []);
  assert.deepEqual(errs(pod(set(["status", { phase: "Running" }])), old), []);
  const changed = errs(pod(set(["spec.restartPolicy", "Never"])), old);
  assert.equal(changed.length, 1);
  assert.match(
    changed[0],
    /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\)/,
  );
  assert.ok(
    changed[0].includes(`-   spec.restartPolicy: "Always"\n+   spec.restartPolicy: "Never"`),
  );
  assert.deepEqual(errs(pod(set(["metadata.name", "other"])), old), [
    'metadata.name: Invalid value: "other": field is immutable',
  ]);
  const withDeadline = pod(set(["spec.activeDeadlineSeconds", 100]));
  assert.deepEqual(errs(pod(set(["spec.activeDeadlineSeconds", 50])), withDeadline), []);
  assert.deepEqual(errs(pod(set(["spec.activeDeadlineSeconds", 200])), withDeadline), [
    "spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value",
  ]);
  const tol = { key: "k", operator: "Exists", effect: "NoSchedule" };
  assert.deepEqual(errs(pod(set(["spec.tolerations", [tol]])), old), []);
});

Deno.test("pod status write: metadata and status get a full update's errors, the stored spec is not validated again", () => {
  const old = pod(set(["metadata.uid", "u-1"]));
  const statusErrs = (obj: KubeObject) =>
    validateStatusUpdate(obj, old).map((e: FieldError) => `${e.field}: ${e.message}`);
  const write = (mutate: (p: KubeObject) => void) => {
    const p: KubeObject = { ...old, metadata: { ...old.metadata }, status: { phase: "Running" } };
    mutate(p);
    return p;
  };
  assert.deepEqual(statusErrs(write(() => {})), []);
  for (
    const bad of [
      write((p) => p.status = { phase: "Sleeping", podIP: 5, conditions: "x" }),
      write((p) => p.metadata.uid = "other"),
      write((p) => p.metadata.name = "Bad_Name"),
    ]
  ) {
    assert.notDeepEqual(statusErrs(bad), []);
    assert.deepEqual(statusErrs(bad), errs(bad, old));
  }
  // The spec is the stored object itself: a rule it breaks (here an invalid restartPolicy the
  // store kept) is not the status writer's to fix, as in Kubernetes' status strategy.
  const stored = pod(set(["spec.restartPolicy", "Sometimes"]));
  const statusWrite = { ...stored, status: { phase: "Running" } };
  assert.deepEqual(validateStatusUpdate(statusWrite, stored), []);
  assert.notDeepEqual(errs(statusWrite, stored), []);
  // A spec that is not the stored one is validated as a whole update.
  const changed = { ...statusWrite, spec: { ...stored.spec as object } };
  assert.deepEqual(validateStatusUpdate(changed, stored), validateObject(changed, stored));
});
