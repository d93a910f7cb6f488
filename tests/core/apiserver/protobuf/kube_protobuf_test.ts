import assert from "node:assert/strict";
import { isApiError } from "../../../../core/api/status.ts";
import { decodeKubeProtobuf } from "../../../../core/apiserver/protobuf/kube_protobuf.ts";

/** Bytes kubectl 1.32 sent for `kubectl create service nodeport np --tcp=80:8080`. */
const SERVICE_HEX = "6b 38 73 00 0a 0d 0a 02 76 31 12 07 53 65 72 76 69 63 65 12 65 0a 1d 0a " +
  "02 6e 70 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 5a 09 0a 03 61 70 70 12 02 6e 70 12 40 " +
  "0a 1b 0a 07 38 30 2d 38 30 38 30 12 03 54 43 50 18 50 22 07 08 00 10 90 3f 1a 00 28 00 12 " +
  "09 0a 03 61 70 70 12 02 6e 70 1a 00 22 08 4e 6f 64 65 50 6f 72 74 3a 00 42 00 52 00 5a 00 " +
  "60 00 68 00 1a 02 0a 00 1a 00 22 00";

/** Bytes kubectl 1.32 sent for `kubectl create namespace team`. */
const NAMESPACE_HEX = "6b 38 73 00 0a 0f 0a 02 76 31 12 09 4e 61 6d 65 73 70 61 63 65 12 1c 0a " +
  "14 0a 04 74 65 61 6d 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 00 1a 02 0a 00 1a 00 22 00";

const bytes = (hex: string) => new Uint8Array(hex.split(" ").map((h) => parseInt(h, 16)));

Deno.test("protobuf: kubectl's create service body decodes to the Service JSON", () => {
  assert.deepEqual(decodeKubeProtobuf(bytes(SERVICE_HEX)), {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "np", labels: { app: "np" } },
    spec: {
      ports: [{ name: "80-8080", protocol: "TCP", port: 80, targetPort: 8080 }],
      selector: { app: "np" },
      type: "NodePort",
    },
  });
});

Deno.test("protobuf: kubectl's create namespace body decodes", () => {
  assert.deepEqual(decodeKubeProtobuf(bytes(NAMESPACE_HEX)), {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "team" },
  });
});

Deno.test("protobuf: bad bytes and unsupported kinds are 4xx Status errors", () => {
  const check = (b: Uint8Array, code: number, re: RegExp) =>
    assert.throws(() => decodeKubeProtobuf(b), (e: unknown) => {
      assert.ok(isApiError(e, code), String(e));
      assert.match(e.message, re);
      return true;
    });
  check(new TextEncoder().encode("{}"), 400, /does not start with the Kubernetes/);
  check(bytes(SERVICE_HEX).subarray(0, 30), 400, /could not be decoded/);
  const pod = bytes(NAMESPACE_HEX);
  pod.set(new TextEncoder().encode("Namespacf"), 12);
  check(pod, 415, /kind Namespacf/);
});
