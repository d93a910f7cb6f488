import assert from "node:assert/strict";
import { decodeTaskData, encodeTaskData } from "../../../core/executor/executor_credentials.ts";
import { decodeTaskPod } from "../../../core/executor/task_pod.ts";
import { bytesToBase64 } from "../../../core/mesos/executor_types.ts";

const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "default", uid: "u1" },
  spec: { containers: [{ name: "c", image: "busybox" }] },
};

Deno.test("task data carries credentials beside the pod and still reads a bare pod", () => {
  const creds = { token: "tok", apiCaPem: "-----BEGIN CERTIFICATE-----\nx\n" };
  const both = decodeTaskData(JSON.parse(encodeTaskData(pod, creds)));
  assert.deepEqual(both.pod, pod);
  assert.equal(both.credentials?.token, "tok");
  assert.equal(both.credentials?.apiCaPem, creds.apiCaPem);
  const bare = decodeTaskData(JSON.parse(encodeTaskData(pod)));
  assert.deepEqual(bare, { pod });
  const noToken = decodeTaskData({ pod, credentials: { token: "" } });
  assert.equal(noToken.credentials, undefined);
});

Deno.test("decodeTaskPod returns the envelope's pod and credentials", () => {
  const data = bytesToBase64(
    new TextEncoder().encode(encodeTaskData(pod, { token: "node-token" })),
  );
  const decoded = decodeTaskPod({ task_id: { value: "t1" }, data } as never);
  assert.ok(typeof decoded !== "string", String(decoded));
  assert.equal(decoded.pod.metadata.name, "p");
  assert.equal(decoded.credentials?.token, "node-token");
});

Deno.test("credentials name the apiserver URL only as a plain http(s) URL", () => {
  const read = (apiServer: unknown) =>
    decodeTaskData({ pod, credentials: { token: "t", apiServer } }).credentials?.apiServer;
  assert.equal(read("https://127.0.0.1:6443"), "https://127.0.0.1:6443");
  assert.equal(read("http://10.1.2.3:8080"), "http://10.1.2.3:8080");
  assert.equal(read("file:///etc/passwd"), undefined);
  assert.equal(read("https://user:pw@host:6443"), undefined);
  assert.equal(read("https://host:6443/?x=1"), undefined);
  assert.equal(read("not a url"), undefined);
  assert.equal(read(42), undefined);
});
