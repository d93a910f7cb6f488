import assert from "node:assert/strict";
import { validateObject } from "../../../core/api/validation.ts";
import { applyDefaults } from "../../../core/api/defaults.ts";
import type { KubeObject } from "../../../core/api/object.ts";
import { set } from "./json_edit.ts";

type Mutate = (o: unknown) => void;

function build(base: KubeObject, mutate: Mutate = () => {}): KubeObject {
  const o = structuredClone(base);
  mutate(o);
  applyDefaults(o);
  return o;
}

function errs(obj: KubeObject, old?: KubeObject): string[] {
  return validateObject(obj, old).map((e) => `${e.field}: ${e.message}`);
}

function table(base: KubeObject, cases: [string, Mutate, string[]][]): void {
  assert.deepEqual(errs(build(base)), [], `valid ${base.kind}`);
  for (const [what, mutate, want] of cases) assert.deepEqual(errs(build(base, mutate)), want, what);
}

const SERVICE: KubeObject = {
  kind: "Service",
  metadata: { name: "web", namespace: "default" },
  spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
};

Deno.test("service validation", () => {
  table(SERVICE, [
    ["DNS-1035 name", set(["metadata.name", "1web"]), [
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]],
    ["no ports", set(["spec.ports", []]), ["spec.ports: Required value"]],
    ["headless without ports", set(["spec.ports", []], ["spec.clusterIP", "None"]), []],
    ["port range", set(["spec.ports[0].port", 0]), [
      "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
    ]],
    ["names needed for 2 ports", set(["spec.ports[+]", { port: 81 }]), [
      "spec.ports[0].name: Required value",
      "spec.ports[1].name: Required value",
    ]],
    ["duplicate names", set(["spec.ports", [{ name: "a", port: 80 }, { name: "a", port: 81 }]]), [
      'spec.ports[1].name: Duplicate value: "a"',
    ]],
    ["duplicate port", set(["spec.ports", [{ name: "a", port: 80 }, { name: "b", port: 80 }]]), [
      'spec.ports[1]: Duplicate value: "80/TCP"',
    ]],
    ["targetPort name", set(["spec.ports[0].targetPort", "HTTP_X"]), [
      'spec.ports[0].targetPort: Invalid value: "HTTP_X": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ports[0].targetPort: Invalid value: "HTTP_X": must contain at least one letter (a-z)',
    ]],
    ["targetPort range", set(["spec.ports[0].targetPort", 70000]), [
      "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ]],
    ["protocol", set(["spec.ports[0].protocol", "HTTP"]), [
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]],
    ["selector", set(["spec.selector", { app: "a b" }]), [
      `spec.selector: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]],
    ["affinity", set(["spec.sessionAffinity", "Sticky"]), [
      'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
    ]],
    ["type", set(["spec.type", "Magic"]), [
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]],
    ["nodePort on ClusterIP", set(["spec.ports[0].nodePort", 30001]), [
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]],
    ["nodePort on NodePort", set(["spec.type", "NodePort"], ["spec.ports[0].nodePort", 30001]), []],
    ["clusterIP", set(["spec.clusterIP", "10.0.0.300"]), [
      'spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]],
    ["ExternalName", set(["spec.type", "ExternalName"], ["spec.ports", []]), [
      "spec.externalName: Required value",
    ]],
  ]);
  const old = build(SERVICE, set(["spec.clusterIP", "10.10.10.5"]));
  assert.deepEqual(errs(build(SERVICE, set(["spec.clusterIP", "10.10.10.5"])), old), []);
  assert.deepEqual(errs(build(SERVICE), old), []);
  assert.deepEqual(errs(build(SERVICE, set(["spec.clusterIP", "10.10.10.6"])), old), [
    'spec.clusterIPs[0]: Invalid value: []string{"10.10.10.6"}: may not change once set',
  ]);
});

const RC: KubeObject = {
  kind: "ReplicationController",
  metadata: { name: "web", namespace: "default" },
  spec: {
    replicas: 2,
    selector: { app: "web" },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "c", image: "nginx" }] },
    },
  },
};

Deno.test("replication controller validation", () => {
  table(RC, [
    ["negative replicas", set(["spec.replicas", -1]), [
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    ]],
    ["selector mismatch", set(["spec.selector", { app: "db" }]), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]],
    [
      "no selector, no labels",
      set(["spec.selector", undefined], ["spec.template.metadata.labels", undefined]),
      [
        "spec.selector: Required value",
      ],
    ],
    ["template pod spec prefix", set(["spec.template.spec.containers[0].image", ""]), [
      "spec.template.spec.containers[0].image: Required value",
    ]],
    ["template restartPolicy", set(["spec.template.spec.restartPolicy", "Never"]), [
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]],
    [
      "template labels",
      set(["spec.template.metadata.labels", { "a/b/c": "x" }], ["spec.selector", { "a/b/c": "x" }]),
      [
        `metadata.labels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
        `spec.selector: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
        `spec.template.labels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ],
    ],
    ["no template", set(["spec.template", undefined]), ["spec.template: Required value"]],
    ["status counts", set(["status", { replicas: 1, readyReplicas: 2, availableReplicas: 0 }]), [
      "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas",
    ]],
  ]);
});

const ENDPOINTS: KubeObject = {
  kind: "Endpoints",
  metadata: { name: "web", namespace: "default" },
  subsets: [{
    addresses: [{ ip: "127.0.0.1", targetRef: { kind: "Pod", name: "p" } }],
    ports: [{ port: 31000 }],
  }],
};

Deno.test("endpoints validation", () => {
  table(ENDPOINTS, [
    ["no addresses", set(["subsets[0].addresses", []]), [
      "subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`",
    ]],
    ["bad ip", set(["subsets[0].addresses[0].ip", "host"]), [
      'subsets[0].addresses[0].ip: Invalid value: "host": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]],
    ["ipv6", set(["subsets[0].addresses[0].ip", "fd00::1"]), []],
    ["port", set(["subsets[0].ports[0].port", 0]), [
      "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
    ]],
    ["names for 2 ports", set(["subsets[0].ports[+]", { port: 81 }]), [
      "subsets[0].ports[0].name: Required value",
      "subsets[0].ports[1].name: Required value",
    ]],
  ]);
});

Deno.test("node, namespace, event, binding and scale validation", () => {
  const node: KubeObject = {
    kind: "Node",
    metadata: { name: "agent-1.example.com", labels: { "k8s.mesosphere.io/attribute-rack": "r1" } },
    spec: { unschedulable: false },
    status: { capacity: { cpu: "4", memory: "8Gi" } },
  };
  table(node, [
    ["namespace on node", set(["metadata.namespace", "default"]), [
      "metadata.namespace: Forbidden: not allowed on this type",
    ]],
    ["capacity", set(["status.capacity.cpu", "-1"], ["status.allocatable", { cpu: "-1" }]), [
      'status.capacity[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'status.allocatable[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ]],
    ["taint effect", set(["spec.taints", [{ key: "k", effect: "Never" }]]), [
      'spec.taints[0].effect: Unsupported value: "Never": supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"',
    ]],
  ]);
  const ns: KubeObject = { kind: "Namespace", metadata: { name: "team-a" } };
  table(ns, [
    ["dotted name", set(["metadata.name", "team.a"], ["metadata.labels", {}]), [
      'metadata.name: Invalid value: "team.a": must not contain dots',
    ]],
  ]);
  const event: KubeObject = {
    kind: "Event",
    metadata: { name: "web.123", namespace: "default" },
    involvedObject: { kind: "Pod", name: "web", namespace: "default" },
    reason: "Scheduled",
    type: "Normal",
    count: 1,
  };
  table(event, [
    ["namespace mismatch", set(["involvedObject.namespace", "other"]), [
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]],
    ["cluster-scoped object", set(["involvedObject.namespace", undefined]), []],
    ["type", set(["type", "Odd"]), [
      'type: Unsupported value: "Odd": supported values: "Normal", "Warning"',
    ]],
  ]);
  const binding: KubeObject = {
    kind: "Binding",
    metadata: { name: "web", namespace: "default" },
    target: { kind: "Node", name: "agent-1" },
  };
  table(binding, [
    ["no target name", set(["target.name", undefined]), ["target.name: Required value"]],
    ["target kind", set(["target.kind", "Pod"]), [
      'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
    ]],
  ]);
  const scale: KubeObject = {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: "web", namespace: "default" },
    spec: { replicas: 3 },
  };
  table(scale, [
    ["negative", set(["spec.replicas", -2]), [
      "spec.replicas: Invalid value: -2: must be greater than or equal to 0",
    ]],
  ]);
});

Deno.test("validation never throws on arbitrary shapes", () => {
  const shapes: unknown[] = [null, 5, "x", [], { kind: "Pod" }, { kind: "Pod", metadata: 3 }];
  const kinds = [
    "Pod",
    "Service",
    "ReplicationController",
    "Endpoints",
    "Node",
    "Namespace",
    "Event",
    "Binding",
    "Scale",
  ];
  for (const kind of kinds) {
    for (const spec of [null, 1, "s", [], { containers: [null, 1] }, { ports: [1], template: 2 }]) {
      const obj = {
        kind,
        metadata: { name: "x", namespace: "d" },
        spec,
        subsets: [3],
        status: 4,
        target: 5,
        involvedObject: 6,
      };
      applyDefaults(obj);
      assert.ok(Array.isArray(validateObject(obj)));
      assert.ok(Array.isArray(validateObject(obj, obj)));
    }
  }
  for (const s of shapes) assert.ok(Array.isArray(validateObject(s as KubeObject)));
});
