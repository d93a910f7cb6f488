/**
 * The volume scenario shared by the process-runtime and podman tests: a pod mounting an
 * emptyDir (tmpfs), a configMap, a secret (mode 0400), a downwardAPI volume and a projected
 * service-account token, with env from every `valueFrom` kind and `envFrom`, whose container
 * prints each value as `KEY=value` and then the configMap file every 0.3 s (`CM_NOW=`); plus an
 * in-memory PodObjectSource whose ConfigMap can be changed.
 */
import type { Pod, PodStatus } from "../../core/api/types/pod.ts";
import { PodWorker } from "../../core/executor/pod_worker.ts";
import { buildPodStatus } from "../../core/executor/pod_status_builder.ts";
import type { Runtime } from "../../core/executor/runtime.ts";
import type { ConfigMap } from "../../core/api/types/config_map.ts";
import type { Secret } from "../../core/api/types/secret.ts";
import type { PodObjectSource } from "../../core/executor/volumes/pod_object_source.ts";

/** The fixed token and CA the fake source hands out. */
export const FAKE_TOKEN = "fake-token-123";
export const FAKE_CA = "FAKE-CA-PEM";

/** An in-memory source of ConfigMap `conf` and Secret `creds` in namespace `vols`. */
export function fakeObjectSource(): PodObjectSource & { configMaps: Map<string, ConfigMap> } {
  const configMaps = new Map<string, ConfigMap>([[
    "conf",
    { metadata: { name: "conf", namespace: "vols" }, data: { color: "blue", size: "3" } },
  ]]);
  const secrets = new Map<string, Secret>([[
    "creds",
    { metadata: { name: "creds", namespace: "vols" }, data: { password: btoa("s3cret") } },
  ]]);
  return {
    configMaps,
    configMap: (ns, name) => Promise.resolve(ns === "vols" ? configMaps.get(name) : undefined),
    secret: (ns, name) => Promise.resolve(ns === "vols" ? secrets.get(name) : undefined),
    serviceAccount: () => Promise.resolve(undefined),
    token: () =>
      Promise.resolve({
        token: FAKE_TOKEN,
        expirationTimestamp: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    caPem: () => FAKE_CA,
    apiServer: () => ({ host: "127.0.0.1", port: "6443" }),
  };
}

const SA = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The container script: every value as a line, then the configMap file in a loop. */
function script(base: string): string {
  return [
    `echo "ENV_CM=$ENV_CM"`,
    `echo "ENV_SECRET=$ENV_SECRET"`,
    `echo "ENV_POD=$ENV_POD"`,
    `echo "ENV_MEM=$ENV_MEM"`,
    `echo "FROM_color=$CFG_color"`,
    `echo "FROM_password=$password"`,
    `echo "CM_FILE=$(cat ${base}/cfg/color)"`,
    `echo "SECRET_FILE=$(cat ${base}/sec/password)"`,
    `echo "SECRET_MODE=$(stat -L -c %a ${base}/sec/password)"`,
    `echo "DOWNWARD=$(cat ${base}/info/name)"`,
    `echo "PROJ_TOKEN=$(cat ${base}/proj/token)"`,
    `echo "PROJ_CM=$(cat ${base}/proj/c)"`,
    `echo "SA_TOKEN=$(cat ${SA}/token)"`,
    `echo "SA_CA=$(cat ${SA}/ca.crt)"`,
    `echo "SA_NS=$(cat ${SA}/namespace)"`,
    `echo hi > ${base}/scratch/x && echo "EMPTYDIR=$(cat ${base}/scratch/x)"`,
    `echo "SCRATCH_FS=$(grep ' ${base}/scratch ' /proc/mounts | cut -d' ' -f3)"`,
    `while true; do echo "CM_NOW=$(cat ${base}/cfg/color)"; sleep 0.3; done`,
  ].join("; ");
}

/** The expected `KEY=value` lines (before the loop). */
export const EXPECTED_LINES = [
  "ENV_CM=blue",
  "ENV_SECRET=s3cret",
  "ENV_POD=vol-pod",
  "ENV_MEM=64",
  "FROM_color=blue",
  "FROM_password=s3cret",
  "CM_FILE=blue",
  "SECRET_FILE=s3cret",
  "SECRET_MODE=400",
  "DOWNWARD=vol-pod",
  `PROJ_TOKEN=${FAKE_TOKEN}`,
  "PROJ_CM=3",
  `SA_TOKEN=${FAKE_TOKEN}`,
  `SA_CA=${FAKE_CA}`,
  "SA_NS=vols",
  "EMPTYDIR=hi",
  "SCRATCH_FS=tmpfs",
];

/** The pod; volumes are mounted under `base` (an absolute path). */
export function volumePod(base: string, image = "busybox"): Pod {
  return {
    metadata: { name: "vol-pod", namespace: "vols", uid: crypto.randomUUID() },
    spec: {
      restartPolicy: "Never",
      terminationGracePeriodSeconds: 1,
      volumes: [
        { name: "scratch", emptyDir: { medium: "Memory", sizeLimit: "8Mi" } },
        { name: "cfg", configMap: { name: "conf" } },
        { name: "sec", secret: { secretName: "creds", defaultMode: 0o400 } },
        {
          name: "info",
          downwardAPI: { items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" } }] },
        },
        {
          name: "proj",
          projected: {
            sources: [
              { serviceAccountToken: { path: "token", expirationSeconds: 3600 } },
              { configMap: { name: "conf", items: [{ key: "size", path: "c" }] } },
            ],
          },
        },
      ],
      containers: [{
        name: "main",
        image,
        imagePullPolicy: "IfNotPresent",
        command: ["sh", "-c", script(base)],
        resources: { limits: { memory: "64Mi" } },
        env: [
          { name: "ENV_CM", valueFrom: { configMapKeyRef: { name: "conf", key: "color" } } },
          { name: "ENV_SECRET", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } },
          { name: "ENV_POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
          {
            name: "ENV_MEM",
            valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } },
          },
        ],
        envFrom: [{ configMapRef: { name: "conf" }, prefix: "CFG_" }, {
          secretRef: { name: "creds" },
        }],
        volumeMounts: ["scratch", "cfg", "sec", "info", "proj"].map((name) => ({
          name,
          mountPath: `${base}/${name}`,
        })),
      }],
    },
  };
}

/** A PodWorker of `pod` on `runtime` with volumes under `volumesRoot`, its events, log and status. */
export function volumeWorker(
  pod: Pod,
  runtime: Runtime,
  volumesRoot: string,
  source: PodObjectSource,
  refreshMs: number,
) {
  let status: PodStatus | undefined;
  const events: string[] = [];
  const worker = new PodWorker({
    pod,
    runtime,
    ctx: { taskId: "t1", executorId: "e1" },
    syncIntervalMs: 50,
    volumes: { root: volumesRoot, source, refreshMs },
    event: (_t, reason, message) => events.push(`${reason}: ${message}`),
    onChange: () => status = buildPodStatus(worker.snapshot(), status),
  });
  const log = async () => {
    const ref = worker.slots[0].ref;
    return ref ? await new Response(await runtime.logs(ref, {})).text() : "";
  };
  return { worker, events, log, status: () => status };
}
