/**
 * The second half of the hostile-input table: invalid names and namespaces, immutable metadata
 * changes through PUT and every patch type, broken patches, oversize bodies and bad query
 * parameters. `current` holds the seeded objects as stored, for PUTs that must carry them.
 */
import {
  APPLY,
  APPLY_Q,
  type HostileCase,
  JSON_T,
  JSONPATCH,
  MERGE,
  NS,
  POD,
  pod,
  RC,
  rc,
  service,
  SMP,
  SVC,
  YAML_T,
} from "./hostile_input_cases.ts";

type Obj = Record<string, unknown>;

/** The seeded objects as stored (with uid and resourceVersion). */
export interface Current {
  pod: Obj;
  svc: Obj;
  rc: Obj;
}

const BAD_NAMES = ["Bad_Name", "-x", "x-", "a".repeat(254), "a b", "..", "ÄÖ", "x\u0000y"];

function nameCases(): HostileCase[] {
  const out: HostileCase[] = [];
  for (const name of BAD_NAMES) {
    const label = JSON.stringify(name.slice(0, 20));
    out.push(
      {
        name: `pod name ${label}`,
        method: "POST",
        path: `${NS}/pods`,
        contentType: JSON_T,
        body: JSON.stringify(pod(name)),
        expect: 422,
      },
      {
        name: `rc name ${label}`,
        method: "POST",
        path: `${NS}/replicationcontrollers`,
        contentType: JSON_T,
        body: JSON.stringify(rc(name)),
        expect: 422,
      },
      {
        name: `namespace name ${label}`,
        method: "POST",
        path: "/api/v1/namespaces",
        contentType: JSON_T,
        body: JSON.stringify({ metadata: { name } }),
        expect: 422,
      },
    );
  }
  out.push(
    {
      name: "pod without a name",
      method: "POST",
      path: `${NS}/pods`,
      contentType: JSON_T,
      body: JSON.stringify(pod("")),
      expect: 422,
    },
    {
      name: "service name starting with a digit",
      method: "POST",
      path: `${NS}/services`,
      contentType: JSON_T,
      body: JSON.stringify(service("1abc")),
      expect: 422,
    },
    {
      name: "node with a bad name",
      method: "POST",
      path: "/api/v1/nodes",
      contentType: JSON_T,
      body: JSON.stringify({ metadata: { name: "Bad_Node" } }),
      expect: 422,
    },
  );
  for (const ns of ["Bad_NS", "a".repeat(64), "-ns", "nope"]) {
    out.push({
      name: `create in namespace ${ns.slice(0, 20)}`,
      method: "POST",
      path: `/api/v1/namespaces/${ns}/pods`,
      contentType: JSON_T,
      body: JSON.stringify(pod("x")),
      expect: "4xx",
    });
  }
  out.push(
    {
      name: "dot-dot namespace in the path",
      method: "POST",
      path: "/api/v1/namespaces/%2E%2E/pods",
      contentType: JSON_T,
      body: JSON.stringify(pod("x")),
      expect: "4xx",
    },
    { name: "NUL in the name in the path", method: "GET", path: `${NS}/pods/a%00b`, expect: "4xx" },
    {
      name: "slash in the name in the path",
      method: "PUT",
      path: `${NS}/pods/a%2Fb`,
      contentType: JSON_T,
      body: JSON.stringify(pod("a/b")),
      expect: "4xx",
    },
  );
  return out;
}

const PATCH_TYPES: [string, (meta: Obj) => string][] = [
  [MERGE, (meta) => JSON.stringify({ metadata: meta })],
  [SMP, (meta) => JSON.stringify({ metadata: meta })],
  [
    JSONPATCH,
    (meta) =>
      JSON.stringify(
        Object.entries(meta).map(([k, v]) => ({ op: "replace", path: `/metadata/${k}`, value: v })),
      ),
  ],
];

function immutableCases(current: Current): HostileCase[] {
  const out: HostileCase[] = [];
  const targets: [string, string, Obj][] = [["pod", POD, current.pod], ["svc", SVC, current.svc], [
    "rc",
    RC,
    current.rc,
  ]];
  for (const [what, path, obj] of targets) {
    for (const [type, body] of PATCH_TYPES) {
      const short = type.split("/")[1];
      out.push(
        {
          name: `${what} ${short} changes uid`,
          method: "PATCH",
          path,
          contentType: type,
          body: body({ uid: "11111111-2222-3333-4444-555555555555" }),
          expect: 422,
        },
        {
          name: `${what} ${short} changes name`,
          method: "PATCH",
          path,
          contentType: type,
          body: body({ name: "other" }),
          expect: 400,
        },
        {
          name: `${what} ${short} changes namespace`,
          method: "PATCH",
          path,
          contentType: type,
          body: body({ namespace: "kube-system" }),
          expect: 400,
        },
      );
    }
    for (
      const ops of [[{ op: "remove", path: "/metadata" }], [{
        op: "replace",
        path: "/metadata",
        value: {},
      }], [{ op: "remove", path: "/metadata/name" }]]
    ) {
      out.push({
        name: `${what} JSON patch ${JSON.stringify(ops[0])}`,
        method: "PATCH",
        path,
        contentType: JSONPATCH,
        body: JSON.stringify(ops),
        expect: 400,
      });
    }
    const meta = obj.metadata as Obj;
    out.push(
      {
        name: `${what} PUT changes uid`,
        method: "PUT",
        path,
        contentType: JSON_T,
        body: JSON.stringify({
          ...obj,
          metadata: { ...meta, uid: "11111111-2222-3333-4444-555555555555" },
        }),
        expect: 422,
      },
      {
        name: `${what} PUT changes name`,
        method: "PUT",
        path,
        contentType: JSON_T,
        body: JSON.stringify({ ...obj, metadata: { ...meta, name: "other" } }),
        expect: 400,
      },
      {
        name: `${what} PUT with a stale resourceVersion`,
        method: "PUT",
        path,
        contentType: JSON_T,
        body: JSON.stringify({ ...obj, metadata: { ...meta, resourceVersion: "1" } }),
        expect: 409,
      },
      {
        name: `${what} apply changes uid`,
        method: "PATCH",
        path: path + APPLY_Q,
        contentType: APPLY,
        body:
          `apiVersion: v1\nkind: ${obj.kind}\nmetadata:\n  name: ${meta.name}\n  uid: 11111111-2222-3333-4444-555555555555\n`,
        expect: 422,
      },
      {
        name: `${what} apply names another object`,
        method: "PATCH",
        path: path + APPLY_Q,
        contentType: APPLY,
        body: `apiVersion: v1\nkind: ${obj.kind}\nmetadata:\n  name: other\n`,
        expect: 400,
      },
    );
  }
  out.push(
    {
      name: "service clusterIP change",
      method: "PATCH",
      path: SVC,
      contentType: MERGE,
      body: JSON.stringify({ spec: { clusterIP: "10.0.0.99" } }),
      expect: 422,
    },
    {
      name: "pod container name change",
      method: "PATCH",
      path: POD,
      contentType: JSONPATCH,
      body: JSON.stringify([{ op: "replace", path: "/spec/containers/0/name", value: "d" }]),
      expect: 422,
    },
    {
      name: "pod containers removed",
      method: "PATCH",
      path: POD,
      contentType: MERGE,
      body: JSON.stringify({ spec: { containers: null } }),
      expect: 422,
    },
  );
  return out;
}

const BAD_JSON_PATCHES: unknown[] = [
  [{ op: "bogus", path: "/x" }],
  [{ op: "add" }],
  [{ op: "replace", path: "metadata/labels", value: {} }],
  [{ op: "remove", path: "/spec/nope" }],
  [{ op: "test", path: "/metadata/name", value: "no" }],
  [{ op: "move", from: "/nope", path: "/x" }],
  [{ op: "copy", from: "/spec/nope", path: "/spec/x" }],
  [{ op: "add", path: "/spec/containers/99", value: {} }],
  [{ op: "add", path: "/spec/containers/-1", value: {} }],
  { op: "add", path: "/x", value: 1 },
  [5],
];

function patchCases(): HostileCase[] {
  const out: HostileCase[] = BAD_JSON_PATCHES.map((p) => ({
    name: `bad JSON patch ${JSON.stringify(p)}`,
    method: "PATCH",
    path: POD,
    contentType: JSONPATCH,
    body: JSON.stringify(p),
    expect: "4xx" as const,
  }));
  for (
    const body of [
      '{"$patch":"bogus"}',
      '{"spec":{"containers":[{"$patch":"delete"}]}}',
      '{"spec":{"$setElementOrder/containers":"x"}}',
      '{"spec":{"containers":[{"name":5}]}}',
    ]
  ) {
    out.push({
      name: `bad strategic merge patch ${body}`,
      method: "PATCH",
      path: POD,
      contentType: SMP,
      body,
      expect: "4xx",
    });
  }
  out.push(
    {
      name: "patch as XML",
      method: "PATCH",
      path: POD,
      contentType: "application/xml",
      body: "<x/>",
      expect: 415,
    },
    {
      name: "patch as text",
      method: "PATCH",
      path: POD,
      contentType: "text/plain",
      body: "{}",
      expect: 415,
    },
    {
      name: "create as XML",
      method: "POST",
      path: `${NS}/pods`,
      contentType: "application/xml",
      body: "<x/>",
      expect: 415,
    },
    {
      name: "apply without a field manager",
      method: "PATCH",
      path: POD,
      contentType: APPLY,
      body: "apiVersion: v1\nkind: Pod\nmetadata: {name: p1}\n",
      expect: 400,
    },
    {
      name: "apply of another kind",
      method: "PATCH",
      path: POD + APPLY_Q,
      contentType: APPLY,
      body: "apiVersion: v1\nkind: Service\nmetadata: {name: p1}\n",
      expect: 400,
    },
    {
      name: "apply of another apiVersion",
      method: "PATCH",
      path: POD + APPLY_Q,
      contentType: APPLY,
      body: "apiVersion: v2\nkind: Pod\nmetadata: {name: p1}\n",
      expect: 400,
    },
    {
      name: "merge patch of a missing object",
      method: "PATCH",
      path: `${NS}/pods/nope`,
      contentType: MERGE,
      body: "{}",
      expect: 404,
    },
    {
      name: "merge patch of a missing namespace",
      method: "PATCH",
      path: "/api/v1/namespaces/nope/pods/p1",
      contentType: MERGE,
      body: "{}",
      expect: 404,
    },
    {
      name: "scale with a string",
      method: "PUT",
      path: `${RC}/scale`,
      contentType: JSON_T,
      body:
        '{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"rc1"},"spec":{"replicas":"x"}}',
      expect: "4xx",
    },
    {
      name: "scale of another kind",
      method: "PUT",
      path: `${RC}/scale`,
      contentType: JSON_T,
      body: '{"kind":"Pod"}',
      expect: 400,
    },
  );
  return out;
}

function streamOf(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  return new ReadableStream({
    pull(ctrl) {
      if (sent >= bytes) return ctrl.close();
      sent += chunk.byteLength;
      ctrl.enqueue(chunk);
    },
  });
}

function oversizeCases(): HostileCase[] {
  const big = JSON.stringify({
    ...pod("big"),
    metadata: { name: "big", annotations: { a: "x".repeat(3 * 1024 * 1024) } },
  });
  const annotations = JSON.stringify({
    ...pod("ann"),
    metadata: { name: "ann", annotations: { a: "x".repeat(300 * 1024) } },
  });
  return [
    {
      name: "create over 3 MiB",
      method: "POST",
      path: `${NS}/pods`,
      contentType: JSON_T,
      body: big,
      expect: 413,
    },
    {
      name: "create over 3 MiB as YAML",
      method: "POST",
      path: `${NS}/pods`,
      contentType: YAML_T,
      body: big,
      expect: 413,
    },
    {
      name: "merge patch over 3 MiB",
      method: "PATCH",
      path: POD,
      contentType: MERGE,
      body: big,
      expect: 413,
    },
    {
      name: "chunked create over 3 MiB",
      method: "POST",
      path: `${NS}/pods`,
      contentType: JSON_T,
      body: streamOf(4 * 1024 * 1024),
      expect: 413,
    },
    {
      name: "chunked apply over 3 MiB",
      method: "PATCH",
      path: POD + APPLY_Q,
      contentType: APPLY,
      body: streamOf(4 * 1024 * 1024),
      expect: 413,
    },
    {
      name: "annotations over 256 KiB",
      method: "POST",
      path: `${NS}/pods`,
      contentType: JSON_T,
      body: annotations,
      expect: 422,
    },
  ];
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
      name: "create ?dryRun=All",
      method: "POST",
      path: `${NS}/pods?dryRun=All`,
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

/** The cases of this file's categories. */
export function moreCases(current: Current): HostileCase[] {
  return [
    ...nameCases(),
    ...immutableCases(current),
    ...patchCases(),
    ...oversizeCases(),
    ...queryCases(),
  ];
}
