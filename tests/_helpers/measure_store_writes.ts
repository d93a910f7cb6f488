/**
 * Store throughput measurements shared by tests/bench/store_bench.ts and the apiserver bench:
 * concurrent pod-sized creates and LIST of many objects, straight against a Store.
 */
import type { Store, StoredObject } from "../../core/storage/store.ts";

/** The result of one throughput run. */
export interface WriteMeasurement {
  /** Objects written. */
  writes: number;
  /** Concurrent writers used. */
  clients: number;
  /** Wall time of the run in seconds. */
  seconds: number;
  /** writes / seconds. */
  perSecond: number;
}

/** A v1 Pod of realistic size (~1 KiB of JSON) named `name`. */
export function benchPod(name: string, namespace = "bench"): StoredObject {
  return {
    kind: "Pod",
    apiVersion: "v1",
    metadata: {
      name,
      namespace,
      uid: crypto.randomUUID(),
      creationTimestamp: new Date().toISOString(),
      labels: { app: "bench", tier: "backend", "k8sm.io/run": "store-bench" },
      annotations: { "k8sm.io/note": "created by the store benchmark" },
    },
    spec: {
      containers: [{
        name: "nginx",
        image: "docker.io/library/nginx:1.27",
        ports: [{ containerPort: 80, protocol: "TCP" }],
        resources: { requests: { cpu: "250m", memory: "64Mi" } },
        imagePullPolicy: "IfNotPresent",
        terminationMessagePath: "/dev/termination-log",
        terminationMessagePolicy: "File",
      }],
      restartPolicy: "Always",
      dnsPolicy: "ClusterFirst",
      terminationGracePeriodSeconds: 30,
      schedulerName: "default-scheduler",
    },
    status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False" }] },
  };
}

/**
 * Creates `total` pods under a fresh prefix with `clients` concurrent writers and reports the
 * rate. Returns the prefix too, so callers can list or clean up what was written.
 */
export async function measureStoreWrites(
  store: Store,
  clients: number,
  total: number,
): Promise<WriteMeasurement & { prefix: string }> {
  const prefix = `/registry/pods/bench-${crypto.randomUUID().slice(0, 8)}/`;
  const pods = Array.from({ length: total }, (_, i) => benchPod(`pod-${i}`));
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      await store.create(`${prefix}pod-${i}`, pods[i]);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return { prefix, writes: total, clients, seconds, perSecond: total / seconds };
}

/** Times one LIST of `prefix`, returning the item count and milliseconds taken. */
export async function measureList(
  store: Store,
  prefix: string,
): Promise<{ items: number; ms: number }> {
  const t0 = performance.now();
  const list = await store.list(prefix);
  return { items: list.items.length, ms: performance.now() - t0 };
}
