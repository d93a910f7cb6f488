/**
 * Hostile-input cases: invalid names and namespaces, and immutable metadata changed through PUT,
 * apply and every patch type. `current` holds the seeded objects as stored, for PUTs.
 */
import {
  APPLY,
  APPLY_Q,
  type HostileCase,
  JSON_T,
  JSONPATCH,
  MERGE,
  NS,
  type Obj,
  POD,
  pod,
  RC,
  rc,
  service,
  SMP,
  SVC,
} from "./hostile_input_cases.ts";

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
/** The name and immutable-metadata cases. */
export function moreCases(current: Current): HostileCase[] {
  return [...nameCases(), ...immutableCases(current)];
}
