/**
 * Real kubectl 1.32 against a secured apiserver, reading the generated OpenAPI v3 schemas:
 * `explain` at depth prints each field's type and description, `--recursive` lists nested
 * fields, every served group-version has its document, and `--validate=strict` rejects an
 * unknown nested field with kube's message while accepting a pod that uses many known ones.
 */
import assert from "node:assert/strict";
import { startSecuredApiServer } from "../_helpers/secured_apiserver.ts";
import { runKubectl } from "../_helpers/kubectl_exec.ts";
import { requires } from "../_helpers/requirements.ts";
import { RESOURCES } from "../../core/api/kinds.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

const GOOD_POD = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "full", labels: { app: "x" }, annotations: { a: "b" } },
  spec: {
    containers: [{
      name: "main",
      image: "busybox",
      command: ["sh", "-c", "sleep 1"],
      ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
      env: [{ name: "A", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
      envFrom: [{ prefix: "CM_", configMapRef: { name: "cm", optional: true } }],
      resources: { requests: { cpu: "100m" }, limits: { memory: "64Mi" } },
      livenessProbe: {
        httpGet: { path: "/", port: "http", httpHeaders: [{ name: "X", value: "1" }] },
        periodSeconds: 5,
      },
      readinessProbe: { exec: { command: ["true"] } },
      startupProbe: { tcpSocket: { port: 8080 }, failureThreshold: 30 },
      lifecycle: { preStop: { sleep: { seconds: 1 } } },
      securityContext: {
        runAsUser: 1000,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      },
      volumeMounts: [{ name: "data", mountPath: "/data", readOnly: true }],
    }],
    volumes: [{ name: "data", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "k", operator: "Exists" }] }],
        },
      },
    },
    tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule" }],
    securityContext: { fsGroup: 2000, sysctls: [{ name: "net.core.somaxconn", value: "1024" }] },
    dnsConfig: { options: [{ name: "ndots", value: "2" }] },
    topologySpreadConstraints: [{
      maxSkew: 1,
      topologyKey: "zone",
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels: { app: "x" } },
    }],
  },
};

Deno.test({
  name: "kubectl explain and strict validation read the generated OpenAPI v3 schemas",
  ...requires("kubectl"),
  async fn(t) {
    const server = await startSecuredApiServer();
    const dir = await Deno.makeTempDir({ prefix: "k8sm-explain-" });
    const config = `${dir}/kubeconfig`;
    await Deno.writeTextFile(config, server.admin.kubeconfig());
    const kubectl = async (...args: string[]) => {
      const r = await runKubectl(config, args);
      return { code: r.code, out: text(r.stdout), err: r.stderr };
    };
    const explain = async (...args: string[]) => {
      const r = await kubectl("explain", ...args);
      assert.equal(r.code, 0, `kubectl explain ${args.join(" ")}: ${r.err}`);
      return r.out;
    };
    try {
      await t.step("explain at depth prints the field's type and description", async () => {
        const probe = await explain("pod.spec.containers.livenessProbe");
        assert.match(probe, /^FIELD: livenessProbe <Probe>$/m);
        assert.match(probe, /A periodic check; failing it restarts the container\./);
        assert.match(probe, /^ {2}httpGet\t<HTTPGetAction>$/m);
        const path = await explain("pod.spec.containers.livenessProbe.httpGet.path");
        assert.match(path, /^FIELD: path <string>$/m);
        assert.match(path, /The path to request\./);
        const port = await explain("pod.spec.containers.livenessProbe.httpGet.port");
        assert.match(port, /^FIELD: port <IntOrString>$/m);
        const limits = await explain("pod.spec.containers.resources.limits");
        assert.match(limits, /^FIELD: limits <map\[string\]Quantity>$/m);
        const mode = await explain("pod.spec.volumes.secret.items.mode");
        assert.match(mode, /^FIELD: mode <integer>$/m);
        assert.match(mode, /permission bits/);
        const rc = await explain("rc.spec.template.spec");
        assert.match(rc, /^FIELD: spec <PodSpec>$/m);
        assert.match(rc, /^ {2}containers\t<\[\]Container> -required-$/m);
      });

      await t.step("explain works for every kind of every group", async () => {
        const cases: [string, RegExp][] = [
          ["svc.spec.ports.nodePort", /FIELD: nodePort <integer>/],
          ["nodes.status.nodeInfo.kernelVersion", /The kernel release/],
          ["events.involvedObject.fieldPath", /FIELD: fieldPath <string>/],
          ["endpoints.subsets.addresses.targetRef", /FIELD: targetRef <ObjectReference>/],
          ["namespaces.status.phase", /ENUM:\s+Active\s+Terminating/],
          ["leases.spec.holderIdentity", /GROUP:\s+coordination\.k8s\.io/],
          ["roles.rules.verbs", /FIELD: verbs <\[\]string>/],
          ["clusterrolebindings.subjects.kind", /User, Group or ServiceAccount/],
          ["serviceaccounts.imagePullSecrets.name", /FIELD: name <string>/],
        ];
        for (const [path, re] of cases) assert.match(await explain(path), re, path);
        for (const r of RESOURCES.filter((x) => x.verbs.includes("get"))) {
          const group = r.group === "" ? "" : `.${r.group}`;
          const out = await explain(`${r.resource}${group}`);
          assert.match(out, new RegExp(`^KIND:\\s+${r.kind}$`, "m"), r.resource);
          assert.match(out, /^ {2}metadata\t<ObjectMeta>$/m, r.resource);
        }
      });

      await t.step("--recursive lists nested fields", async () => {
        const out = await explain("pod", "--recursive");
        assert.match(out, /^ {4}containers\t<\[\]Container> -required-$/m);
        assert.match(out, /^ {6}livenessProbe\t<Probe>$/m);
        assert.match(out, /^ {8}httpGet\t<HTTPGetAction>$/m);
        assert.match(out, /^ {10}httpHeaders\t<\[\]HTTPHeader>$/m);
      });

      await t.step("every served group-version has an OpenAPI v3 document", async () => {
        const root = await server.admin.json("/openapi/v3");
        const paths = root.body.paths as Record<string, { serverRelativeURL: string }>;
        for (const r of RESOURCES.filter((x) => x.verbs.includes("get"))) {
          const id = r.group === "" ? `api/${r.version}` : `apis/${r.group}/${r.version}`;
          assert.ok(paths[id], `no OpenAPI document for ${id}`);
          const doc = await server.admin.json(paths[id].serverRelativeURL);
          const schemas = (doc.body.components as { schemas: Record<string, unknown> }).schemas;
          const own = Object.values(schemas).some((s) =>
            JSON.stringify((s as Record<string, unknown>)["x-kubernetes-group-version-kind"])
              ?.includes(`"kind":"${r.kind}"`)
          );
          assert.ok(own, `${id} has no schema for ${r.kind}`);
        }
      });

      await t.step(
        "strict validation rejects an unknown nested field, accepts known ones",
        async () => {
          const bad = structuredClone(GOOD_POD);
          const c = bad.spec.containers[0] as Record<string, unknown>;
          c.livenesProbe = c.livenessProbe;
          delete c.livenessProbe;
          bad.metadata.name = "bad";
          await Deno.writeTextFile(`${dir}/bad.json`, JSON.stringify(bad));
          const rejected = await kubectl("create", "--validate=strict", "-f", `${dir}/bad.json`);
          assert.notEqual(rejected.code, 0);
          assert.match(
            rejected.err,
            /strict decoding error: unknown field "spec\.containers\[0\]\.livenesProbe"/,
          );
          await Deno.writeTextFile(`${dir}/good.json`, JSON.stringify(GOOD_POD));
          const created = await kubectl("create", "--validate=strict", "-f", `${dir}/good.json`);
          assert.equal(created.code, 0, created.err);
          assert.match(created.out, /pod\/full created/);
        },
      );
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
