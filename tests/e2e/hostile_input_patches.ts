/** Hostile-input cases: broken patches of every type and oversize bodies. */
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
  SMP,
  YAML_T,
} from "./hostile_input_cases.ts";

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

/** Scale bodies whose replicas do not fit an int32. */
function scaleCases(): HostileCase[] {
  return [2 ** 31, 2 ** 53 + 1, 1e300, 1.5, "3", true].flatMap((replicas) => [
    {
      name: `scale PUT replicas ${replicas}`,
      method: "PUT",
      path: `${RC}/scale`,
      contentType: JSON_T,
      body: JSON.stringify({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas } }),
      expect: typeof replicas === "number" && Number.isInteger(replicas) ? 400 : "4xx" as const,
    },
    {
      name: `scale merge patch replicas ${replicas}`,
      method: "PATCH",
      path: `${RC}/scale`,
      contentType: MERGE,
      body: JSON.stringify({ spec: { replicas } }),
      expect: "4xx" as const,
    },
  ]);
}

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

/** The patch and oversize cases. */
export function patchAndSizeCases(): HostileCase[] {
  return [...patchCases(), ...scaleCases(), ...oversizeCases()];
}
