/**
 * Issue 6's acceptance 2–6 as one scenario list run under mesos-local for a runtime: a
 * two-container pod with a hostPort, crash loops and failures, probes, KILL and SHUTDOWN, an
 * executor killed with SIGKILL and replaced, and `kubectl logs` / `k8sm logs -f`.
 * tests/e2e/executor_docker_test.ts and executor_process_test.ts register it.
 */
import { KUBELET_SERVING_CERT_ANNOTATION } from "../../core/apiserver/kubelet_target.ts";
import assert from "node:assert/strict";
import { waitFor } from "../../core/util/wait.ts";
import { PodCluster } from "../_helpers/pod_task_framework.ts";
import { requires } from "../_helpers/requirements.ts";
import {
  followUntil,
  freeHostPort,
  isReady,
  manifest,
  probeServer,
  run,
  type Runtime,
  sh,
  stopPod,
  webPod,
} from "../_helpers/executor_scenario_pods.ts";

/** Registers the scenarios for `runtime`; `skip` says why they cannot run here. */
export function executorScenarios(runtime: Runtime, skip?: string): void {
  Deno.test({
    name: `executor (${runtime}) under mesos-local`,
    ...(skip ? { ignore: true } : requires("kubectl")),
  }, async (t) => {
    const pc = await PodCluster.start({ runtime });
    let failed = false;
    const step = async (name: string, fn: () => Promise<void>) => {
      if (!(await t.step(name, fn))) failed = true;
    };
    try {
      await step("a two-container pod runs, its hostPort answers, logs stream", async () => {
        const hostPort = freeHostPort();
        const p = await pc.run(webPod(pc, runtime, hostPort), [hostPort]);
        await pc.waitState(p, "TASK_RUNNING");
        const pod = await pc.waitPod("web", (x) => x.status?.phase === "Running", "web Running");
        assert.ok(pod.status?.podIP, "the pod has an IP");
        assert.equal(pod.status?.hostIP, "127.0.0.1");
        assert.deepEqual(pod.status?.containerStatuses?.map((c) => c.name), ["httpd", "sidecar"]);
        for (const c of pod.status!.containerStatuses!) {
          assert.ok(c.state?.running, `${c.name} runs`);
          assert.match(c.containerID ?? "", new RegExp(`^${runtime}://`));
        }
        const res = await waitFor(async () => {
          const r = await fetch(`http://127.0.0.1:${hostPort}/`);
          return r.ok ? await r.text() : undefined;
        }, { what: "the hostPort to answer" });
        assert.equal(res.trim(), "hello-from-httpd");
        const kubectl = await waitFor(async () => {
          const r = await run("kubectl", ["--server", pc.api.url, "logs", "web", "-c", "sidecar"]);
          return r.code === 0 && r.out.includes("fetched-ok") ? r : undefined;
        }, { what: "kubectl logs web -c sidecar to show a fetch", timeoutMs: 30_000 });
        assert.match(
          kubectl.out,
          /hello-from-httpd\nfetched-ok/,
          "the sidecar reached httpd over localhost",
        );
        const followed = await followUntil(
          ["logs", "-f", "web", "-c", "sidecar", "-s", pc.api.url],
          (text) => (text.match(/fetched-ok/g) ?? []).length >= 3,
        );
        assert.ok(
          (followed.match(/fetched-ok/g) ?? []).length >= 3,
          "k8sm logs -f keeps streaming",
        );
        const node = await pc.client.get({ resource: "nodes", name: p.hostname });
        const port = (node.status as { daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } })
          .daemonEndpoints?.kubeletEndpoint?.Port;
        assert.ok(port, "the executor published its log port on the Node");
        const pin = node.metadata.annotations?.[KUBELET_SERVING_CERT_ANNOTATION];
        assert.ok(pin, "the executor published its serving CA on the Node");
        const info = (node.status as { nodeInfo?: Record<string, string> }).nodeInfo;
        assert.match(info?.kubeletVersion ?? "", /^v1\.32\.\d+-k8sm$/, "nodeInfo.kubeletVersion");
        assert.equal(info?.kernelVersion, Deno.osRelease());
        assert.ok(info?.osImage, "nodeInfo.osImage");
        assert.match(info?.containerRuntimeVersion ?? "", new RegExp(`^${runtime}://\\S+`));
        const stamped = await run("kubectl", [
          "--server",
          pc.api.url,
          "logs",
          "web",
          "-c",
          "sidecar",
          "--timestamps",
        ]);
        assert.match(
          stamped.out,
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z fetched-ok$/m,
          `log timestamps are RFC 3339 with nanoseconds:\n${stamped.out.slice(-300)}`,
        );
        const tls = Deno.createHttpClient({ caCerts: [pin] });
        const metrics = await (await fetch(`https://127.0.0.1:${port}/metrics`, { client: tls }))
          .text();
        tls.close();
        assert.match(metrics, /^k8sm_executor_pods\{phase="Running"\} 1$/m);
        assert.match(metrics, /^k8sm_executor_task_updates_total\{state="TASK_RUNNING"\} \d+$/m);
        await stopPod(pc, p);
        const states = pc.fw.updates(p.taskId).map((s) => s.state);
        assert.deepEqual(states, ["TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_KILLED"]);
      });

      await step(
        "OnFailure: restarts with growing restartCount and CrashLoopBackOff",
        async () => {
          const p = await pc.run(manifest("crash", {
            restartPolicy: "OnFailure",
            containers: [sh(pc, "crash", "echo crashing; exit 1")],
          }));
          let sawBackoff = false;
          const pod = await pc.waitPod("crash", (x) => {
            const c = x.status?.containerStatuses?.[0];
            if (c?.state?.waiting?.reason === "CrashLoopBackOff") sawBackoff = true;
            return sawBackoff && (c?.restartCount ?? 0) >= 3;
          }, "restartCount 3 with CrashLoopBackOff seen");
          assert.equal(pod.status?.containerStatuses?.[0].lastState?.terminated?.exitCode, 1);
          const events = await pc.client.list({ resource: "events", namespace: "default" });
          const reasons = events.items.filter((e) =>
            (e as { involvedObject?: { name?: string } }).involvedObject?.name === "crash"
          ).map((e) => (e as { reason?: string }).reason);
          assert.ok(reasons.includes("BackOff"), `kubelet events recorded (${reasons.join(",")})`);
          for (const r of ["Created", "Started"]) {
            assert.ok(reasons.includes(r), `a ${r} event (${reasons.join(",")})`);
          }
          // Host processes use no image: only a container runtime says it was pulled/present.
          assert.equal(reasons.includes("Pulled"), runtime !== "process", reasons.join(","));
          await stopPod(pc, p);
        },
      );

      await step(
        "Never: the pod Fails and the task is TASK_FAILED with the exit code",
        async () => {
          const p = await pc.run(manifest("never", {
            restartPolicy: "Never",
            containers: [sh(pc, "once", "echo bye; exit 1")],
          }));
          const failed = await pc.waitState(p, "TASK_FAILED");
          assert.match(failed.message ?? "", /container "once" exited with code 1/);
          const pod = await pc.waitPod(
            "never",
            (x) => x.status?.phase === "Failed",
            "never Failed",
          );
          assert.equal(pod.status?.containerStatuses?.[0].restartCount, 0);
          assert.equal(pod.status?.containerStatuses?.[0].state?.terminated?.exitCode, 1);
          if (pc.podman) {
            // A finished pod keeps nothing running: not even its infra (sandbox) container.
            const filter = `label=io.kubernetes.pod.uid=${pod.metadata.uid}`;
            await waitFor(
              async () => (await pc.podman!.podman(["ps", "-q", "--filter", filter])).trim() === "",
              {
                what: "no running container of the finished pod (its sandbox stopped)",
              },
            );
          }
        },
      );

      await step("liveness failures restart the container; readiness drives Ready", async () => {
        const health: Record<string, boolean> = { "/live": true, "/ready": false };
        const server = probeServer(health);
        try {
          const probe = (path: string) => ({
            httpGet: { host: "127.0.0.1", port: server.addr.port, path },
            periodSeconds: 1,
            failureThreshold: 1,
          });
          const p = await pc.run(manifest("probed", {
            containers: [sh(pc, "app", "exec sleep 100000", {
              livenessProbe: probe("/live"),
              readinessProbe: probe("/ready"),
            })],
          }));
          await pc.waitPod(
            "probed",
            (x) => x.status?.phase === "Running" && isReady(x, "False"),
            "running, not ready",
          );
          health["/ready"] = true;
          await pc.waitPod("probed", (x) => isReady(x, "True"), "Ready True");
          health["/ready"] = false;
          await pc.waitPod("probed", (x) => isReady(x, "False"), "Ready False again");
          health["/live"] = false;
          await pc.waitPod(
            "probed",
            (x) => (x.status?.containerStatuses?.[0].restartCount ?? 0) >= 1,
            "a liveness restart",
          );
          health["/live"] = true;
          await stopPod(pc, p);
        } finally {
          await server.shutdown();
        }
      });

      if (runtime === "process") {
        await step(
          "a container port the scheduler mapped is served on that host port",
          async () => {
            const hostPort = freeHostPort();
            const m = manifest("mapped", {
              containers: [sh(
                pc,
                "web",
                "mkdir -p www; echo mapped-ok > www/index.html; exec busybox httpd -f -p $PORT -h www",
                { ports: [{ containerPort: 8080 }] },
              )],
            });
            (m.metadata as Record<string, unknown>).annotations = {
              "k8s.mesosphere.io/hostPorts": JSON.stringify({ "8080/TCP": hostPort }),
            };
            const p = await pc.run(m, [hostPort]);
            await pc.waitState(p, "TASK_RUNNING");
            const body = await waitFor(async () => {
              const r = await fetch(`http://127.0.0.1:${hostPort}/`);
              return r.ok ? await r.text() : undefined;
            }, { what: "the mapped host port to answer" });
            assert.equal(body.trim(), "mapped-ok");
            await stopPod(pc, p);
          },
        );
      }

      if (runtime === "docker") {
        await step(
          "an image that may not be pulled leaves the pod Pending, with the reason",
          async () => {
            const p = await pc.run(manifest("nopull", {
              containers: [{
                name: "main",
                image: "localhost/k8sm-absent:1",
                imagePullPolicy: "Never",
              }],
            }));
            const pod = await pc.waitPod(
              "nopull",
              (x) =>
                x.status?.containerStatuses?.[0].state?.waiting?.reason === "ErrImageNeverPull",
              "ErrImageNeverPull",
            );
            assert.equal(pod.status?.phase, "Pending");
            assert.match(
              pod.status?.containerStatuses?.[0].state?.waiting?.message ?? "",
              /k8sm-absent/,
            );
            assert.deepEqual(pc.fw.updates(p.taskId).map((s) => s.state), ["TASK_STARTING"]);
            // kubectl describe shows the waiting reason, and the cause in the kubelet's events.
            const described = await waitFor(async () => {
              const r = await run("kubectl", ["--server", pc.api.url, "describe", "pod", "nopull"]);
              return /Warning\s+Failed\s+.*k8sm-absent/.test(r.out) ? r.out : undefined;
            }, { what: "kubectl describe to show the Failed event with the image" });
            assert.match(described, /Reason:\s+ErrImageNeverPull/);
            await stopPod(pc, p);
          },
        );
      }

      await step("SHUTDOWN stops every pod and the executor", async () => {
        const p = await pc.run(manifest("victim", {
          containers: [sh(pc, "stubborn", "trap '' TERM; while true; do sleep 0.2; done")],
        }));
        await pc.waitState(p, "TASK_RUNNING");
        await pc.shutdownExecutor(p);
        await pc.waitState(p, "TASK_KILLED");
        assert.deepEqual(await pc.containersOf(p.pod.metadata.uid!), []);
        await pc.waitExecutorGone();
      });

      await step(
        "SIGKILLed executor: the new one adopts re-launched pods, removes the rest",
        async () => {
          const keep = await pc.run(
            manifest("keep", { containers: [sh(pc, "main", "exec sleep 100000")] }),
          );
          const drop = await pc.run(
            manifest("drop", { containers: [sh(pc, "main", "exec sleep 100000")] }),
          );
          await pc.waitState(keep, "TASK_RUNNING");
          await pc.waitState(drop, "TASK_RUNNING");
          const before = (await pc.containersOf(keep.pod.metadata.uid!)).sort();
          const running = await pc.waitPod(
            "keep",
            (x) => x.status?.phase === "Running",
            "keep Running",
          );
          Deno.kill(pc.executorPid(), "SIGKILL");
          await pc.waitState(keep, "TASK_FAILED");
          await pc.waitState(drop, "TASK_FAILED");
          await pc.waitExecutorGone();
          const again = await pc.relaunch(keep);
          await pc.waitState(again, "TASK_RUNNING");
          await waitFor(async () => (await pc.containersOf(drop.pod.metadata.uid!)).length === 0, {
            what: "the unclaimed pod's containers to be removed",
            timeoutMs: 30_000,
          });
          assert.deepEqual(
            (await pc.containersOf(keep.pod.metadata.uid!)).sort(),
            before,
            "no doubles",
          );
          const pod = await pc.getPod("keep");
          assert.equal(
            pod.status?.containerStatuses?.[0].containerID,
            running.status?.containerStatuses?.[0].containerID,
            "the same container was adopted",
          );
          await stopPod(pc, again);
        },
      );
    } finally {
      if (failed) console.error(`executor logs:\n${(await pc.executorLog()).slice(-12000)}`);
      await pc.close();
    }
  });
}
