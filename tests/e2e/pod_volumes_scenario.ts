/**
 * The issue 14 part B scenario against a running `k8sm up`, driven by real kubectl: a pod with
 * configMap, secret, emptyDir and downwardAPI volumes and ConfigMap/Secret env prints every
 * value; with the auto-mounted service-account token it lists the pods of its namespace (the SA
 * is bound to `view`); a ConfigMap patch reaches the mounted file; a missing key is a
 * CreateContainerConfigError naming it; a relative mountPath is a 422 with kube's field path;
 * after the pods are deleted nothing of their volumes is left mounted or on disk.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import { waitFor } from "../../core/util/wait.ts";
import type { UpProcess } from "../_helpers/k8sm_up.ts";
import { runKubectl } from "../_helpers/kubectl_exec.ts";

const SA = "/var/run/secrets/kubernetes.io/serviceaccount";

/** How the scenario's pod is run. */
export interface ScenarioOptions {
  /** Where the volumes are mounted in the container. */
  base: string;
  image: string;
  hostNetwork: boolean;
  /**
   * What lists the pods with the token: curl (with the CA), or the host's static kubectl
   * mounted into the container (hostPath, type File) using its in-cluster config.
   */
  lister: "curl" | "kubectl";
}

/** The host's kubectl (statically linked), for containers without curl. */
const KUBECTL = new TextDecoder().decode(
  new Deno.Command("sh", { args: ["-c", "command -v kubectl || true"] }).outputSync().stdout,
).trim();

function inPod(o: ScenarioOptions): Pod {
  const base = o.base;
  const list = o.lister === "curl"
    ? `curl -sS --cacert ${SA}/ca.crt -H "Authorization: Bearer $(cat ${SA}/token)" ` +
      `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/api/v1/namespaces/default/pods`
    : `/kubectl get pods -o json`;
  const script = [
    `echo "ENV_CM=$ENV_CM"`,
    `echo "ENV_SECRET=$password"`,
    `echo "CM_FILE=$(cat ${base}/cfg/color)"`,
    `echo "SECRET_FILE=$(cat ${base}/sec/password)"`,
    `echo "DOWNWARD=$(cat ${base}/info/labels)"`,
    `echo x > ${base}/scratch/f && echo "EMPTYDIR=$(cat ${base}/scratch/f)"`,
    `echo "SA_NS=$(cat ${SA}/namespace)"`,
    `L=$(${list} 2>&1 | tr -d ' \\n')`,
    `echo "$L" | grep -qE '"kind":"(Pod)?List"' && echo "$L" | grep -q '"name":"inpod"' && ` +
    `echo LISTED=inpod`,
    `echo "$L" | grep -qE '"kind":"(Pod)?List"' || echo "LIST_FAILED=$L"`,
    `while true; do echo "CM_NOW=$(cat ${base}/cfg/color)"; sleep 0.3; done`,
  ].join("; ");
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "inpod", namespace: "default", labels: { app: "vol" } },
    spec: {
      terminationGracePeriodSeconds: 1,
      hostNetwork: o.hostNetwork,
      volumes: [
        { name: "cfg", configMap: { name: "conf" } },
        { name: "sec", secret: { secretName: "creds" } },
        { name: "scratch", emptyDir: {} },
        {
          name: "info",
          downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] },
        },
        ...(o.lister === "kubectl"
          ? [{ name: "kubectl", hostPath: { path: KUBECTL, type: "File" } }]
          : []),
      ],
      containers: [{
        name: "main",
        image: o.image,
        imagePullPolicy: "IfNotPresent",
        command: ["sh", "-c", script],
        env: [{ name: "ENV_CM", valueFrom: { configMapKeyRef: { name: "conf", key: "color" } } }],
        envFrom: [{ secretRef: { name: "creds" } }],
        volumeMounts: [
          ...["cfg", "sec", "scratch", "info"].map((name) => ({
            name,
            mountPath: `${base}/${name}`,
          })),
          ...(o.lister === "kubectl"
            ? [{ name: "kubectl", mountPath: "/kubectl", readOnly: true }]
            : []),
        ],
      }],
    },
  };
}

/** Runs the scenario against `up` (the caller stops it). */
export async function runVolumeScenario(up: UpProcess, o: ScenarioOptions): Promise<void> {
  const base = o.base;
  const kubectl = async (args: string[], stdin?: string) => {
    const r = await runKubectl(`${up.dataDir}/kubeconfig`, args, {
      env: { HOME: up.home },
      stdin: stdin === undefined ? undefined : new TextEncoder().encode(stdin),
    });
    return { ok: r.code === 0, stdout: new TextDecoder().decode(r.stdout), stderr: r.stderr };
  };
  const k = async (...args: string[]) => {
    const r = await kubectl(args);
    if (!r.ok) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  let uid = "";
  await k("create", "configmap", "conf", "--from-literal=color=blue");
  await k("create", "secret", "generic", "creds", "--from-literal=password=s3cret");
  await k(
    "create",
    "rolebinding",
    "sa-view",
    "--clusterrole=view",
    "--serviceaccount=default:default",
  );
  const applied = await kubectl(["apply", "-f", "-"], JSON.stringify(inPod(o)));
  assert.ok(applied.ok, applied.stderr);
  const expected = [
    "ENV_CM=blue",
    "ENV_SECRET=s3cret",
    "CM_FILE=blue",
    "SECRET_FILE=s3cret",
    'DOWNWARD=app="vol"',
    "EMPTYDIR=x",
    "SA_NS=default",
    "LISTED=inpod",
  ];
  const logs = () => kubectl(["logs", "inpod"]).then((r) => r.stdout);
  await waitFor(async () => {
    const t = await logs();
    return expected.every((l) => t.includes(`${l}\n`));
  }, { what: "every value in the pod's log", timeoutMs: 90_000 }).catch(async (e) => {
    const pod = await kubectl(["get", "pod", "inpod", "-o", "yaml"]);
    const events = await kubectl(["get", "events"]);
    throw new Error(`${e.message}\n${await logs()}\n${pod.stdout}\n${events.stdout}`);
  });
  uid = (await k("get", "pod", "inpod", "-o", "jsonpath={.metadata.uid}")).trim();

  await k("patch", "configmap", "conf", "-p", '{"data":{"color":"green"}}');
  await waitFor(async () => (await logs()).includes("CM_NOW=green\n"), {
    what: "the ConfigMap update in the mounted file",
    timeoutMs: 60_000,
  });

  const bad = inPod(o);
  bad.metadata.name = "bad-env";
  bad.spec!.volumes = [];
  bad.spec!.containers[0].volumeMounts = [];
  bad.spec!.containers[0].envFrom = [];
  bad.spec!.containers[0].env = [{
    name: "X",
    valueFrom: { configMapKeyRef: { name: "conf", key: "nope" } },
  }];
  assert.ok((await kubectl(["apply", "-f", "-"], JSON.stringify(bad))).ok);
  const waiting = await waitFor(async () => {
    const out = await k(
      "get",
      "pod",
      "bad-env",
      "-o",
      "jsonpath={.status.containerStatuses[0].state.waiting}",
    );
    return out.includes("CreateContainerConfigError") ? JSON.parse(out) : undefined;
  }, { what: "bad-env CreateContainerConfigError", timeoutMs: 60_000 });
  assert.equal(waiting.message, "couldn't find key nope in ConfigMap default/conf");

  const relative = inPod(o);
  relative.metadata.name = "relative";
  relative.spec!.containers[0].volumeMounts![0].mountPath = "data";
  const refused = await kubectl(["apply", "-f", "-"], JSON.stringify(relative));
  assert.equal(refused.ok, false);
  assert.match(
    refused.stderr,
    /spec\.containers\[0\]\.volumeMounts\[0\]\.mountPath: Invalid value: "data": must be an absolute path/,
  );

  await k("delete", "pod", "inpod", "bad-env", "--grace-period=1");
  await waitFor(async () => {
    const mountinfo = await Deno.readTextFile("/proc/self/mountinfo");
    return !mountinfo.includes(up.home) && !mountinfo.includes(uid);
  }, { what: "no mount of the pod left", timeoutMs: 30_000 });
  await waitFor(async () => !await Deno.lstat(base).then(() => true, () => false), {
    what: "the created mount points removed",
    timeoutMs: 30_000,
  });
  const leftovers = new Deno.Command("find", { args: [up.home, "-path", `*${uid}*`] })
    .outputSync();
  assert.equal(new TextDecoder().decode(leftovers.stdout), "", "no directory of the pod");
}
