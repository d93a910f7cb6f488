import assert from "node:assert/strict";
import { validateObject } from "../../../core/api/validation.ts";
import { applyDefaults } from "../../../core/api/defaults.ts";
import type { KubeObject } from "../../../core/api/object.ts";

/** A defaulted pod with the given volumes and the first container's mounts/env. */
function pod(volumes: unknown[], mounts: unknown[] = [], extra: Record<string, unknown> = {}) {
  const p = {
    kind: "Pod",
    apiVersion: "v1",
    metadata: { name: "web", namespace: "default" },
    spec: {
      volumes,
      containers: [{ name: "main", image: "busybox", volumeMounts: mounts, ...extra }],
    },
  };
  applyDefaults(p);
  return p as unknown as KubeObject;
}

function errs(obj: KubeObject): string[] {
  return validateObject(obj).map((e) => `${e.field}: ${e.message}`);
}

Deno.test("volume validation: every source kind, valid, has no errors", () => {
  const volumes = [
    { name: "scratch", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
    { name: "host", hostPath: { path: "/tmp", type: "DirectoryOrCreate" } },
    { name: "cm", configMap: { name: "conf", items: [{ key: "a", path: "x/a" }] } },
    { name: "sec", secret: { secretName: "creds", defaultMode: 0o400, optional: true } },
    {
      name: "info",
      downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] },
    },
    {
      name: "proj",
      projected: {
        sources: [
          { serviceAccountToken: { path: "token", expirationSeconds: 3600, audience: "api" } },
          { configMap: { name: "conf" } },
        ],
      },
    },
  ];
  const mounts = [
    { name: "scratch", mountPath: "/scratch" },
    { name: "cm", mountPath: "/etc/a", subPath: "x/a", readOnly: true },
  ];
  assert.deepEqual(errs(pod(volumes, mounts)), []);
});

Deno.test("volume validation: kube-apiserver's field paths and messages for bad volumes", () => {
  const cases: [string, unknown[], unknown[], string[]][] = [
    ["unknown volume type", [{ name: "v", fancyDisk: {} }], [], [
      "spec.volumes[0]: Required value: must specify a volume type",
    ]],
    ["two sources", [{ name: "v", emptyDir: {}, hostPath: { path: "/tmp" } }], [], [
      'spec.volumes[0].hostPath: Invalid value: "": may not specify more than 1 volume type',
    ]],
    ["duplicate names", [{ name: "v", emptyDir: {} }, { name: "v", emptyDir: {} }], [], [
      'spec.volumes[1].name: Duplicate value: "v"',
    ]],
    ["relative mountPath", [{ name: "v", emptyDir: {} }], [{ name: "v", mountPath: "data" }], [
      'spec.containers[0].volumeMounts[0].mountPath: Invalid value: "data": must be an absolute path',
    ]],
    ["mount of a missing volume", [], [{ name: "nope", mountPath: "/x" }], [
      'spec.containers[0].volumeMounts[0].name: Not found: "nope"',
    ]],
    [
      "subPath escaping",
      [{ name: "v", emptyDir: {} }],
      [{ name: "v", mountPath: "/x", subPath: "../etc" }],
      ["spec.containers[0].volumeMounts[0].subPath: Invalid value: \"../etc\": must not contain '..'"],
    ],
    ["absolute subPath", [{ name: "v", emptyDir: {} }], [{
      name: "v",
      mountPath: "/x",
      subPath: "/etc",
    }], [
      'spec.containers[0].volumeMounts[0].subPath: Invalid value: "/etc": must be a relative path',
    ]],
    ["secret without name", [{ name: "v", secret: {} }], [], [
      "spec.volumes[0].secret.secretName: Required value",
    ]],
    ["bad defaultMode", [{ name: "v", configMap: { name: "c", defaultMode: 0o1777 } }], [], [
      "spec.volumes[0].configMap.defaultMode: Invalid value: 1023: must be a number between 0 and 0777 (octal), both inclusive",
    ]],
    [
      "item path with ..",
      [{ name: "v", configMap: { name: "c", items: [{ key: "k", path: "../k" }] } }],
      [],
      [
        "spec.volumes[0].configMap.items[0].path: Invalid value: \"../k\": must not contain '..'",
        "spec.volumes[0].configMap.items[0].path: Invalid value: \"../k\": must not start with '..'",
      ],
    ],
    ["bad hostPath type", [{ name: "v", hostPath: { path: "/tmp", type: "Dir" } }], [], [
      'spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
    ]],
  ];
  for (const [what, volumes, mounts, want] of cases) {
    assert.deepEqual(errs(pod(volumes, mounts)), want, what);
  }
});

Deno.test("env validation: key refs need a key, envFrom needs exactly one source", () => {
  const p = pod([], [], {
    env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "c" } } }],
    envFrom: [{ prefix: "P_", configMapRef: { name: "c" }, secretRef: { name: "s" } }],
  });
  assert.deepEqual(errs(p), [
    "spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value",
    'spec.containers[0].envFrom[0]: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
  ]);
});
