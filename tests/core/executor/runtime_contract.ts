/**
 * The one contract every container runtime passes (docker via podman, and process). Each
 * runtime's test file calls `runtimeContract` with a fixture; every step starts real
 * containers/processes and removes them again.
 */

import assert from "node:assert/strict";
import type { Runtime } from "../../../core/executor/runtime.ts";
import type { RuntimeContainer, RuntimePod } from "../../../core/executor/pod_shape.ts";
import { waitFor } from "../../../core/util/wait.ts";
import { dialGet, streamContractSteps } from "./runtime_stream_steps.ts";

/** What a runtime's test file provides to the contract. */
export interface RuntimeFixture {
  runtime: Runtime;
  /** The image containers use (ignored by the process runtime). */
  image: string;
  /** Anything of the pod still present after removeSandbox (containers, processes, dirs). */
  leftovers(podUid: string): Promise<string[]>;
  /** A second runtime over the same engine/root, as a restarted executor would create. */
  reopen(): Runtime;
  /** Removes everything and releases the runtime. */
  stop(): Promise<void>;
}

/** A pod with fresh uid holding `containers`. */
export function makePod(name: string, containers: RuntimeContainer[]): RuntimePod {
  return {
    metadata: { name, namespace: "default", uid: crypto.randomUUID() },
    spec: { containers },
  };
}

/** Reads a container's whole (non-following) log as text. */
export async function logText(
  rt: Runtime,
  ref: Parameters<Runtime["logs"]>[0],
  opts: Parameters<Runtime["logs"]>[1] = {},
): Promise<string> {
  return await new Response(await rt.logs(ref, opts)).text();
}

/** A free TCP port on the host (bound then released). */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function waitExited(rt: Runtime, ref: Parameters<Runtime["inspectContainer"]>[0]) {
  return await waitFor(async () => {
    const s = await rt.inspectContainer(ref);
    return s.state === "exited" ? s : undefined;
  }, { timeoutMs: 20_000, what: `container ${ref.containerName} to exit` });
}

/** Registers the contract as one Deno.test with a step per behaviour. */
export function runtimeContract(
  name: string,
  setup: () => Promise<RuntimeFixture>,
  ignore?: string,
): void {
  Deno.test({ name: `Runtime contract: ${name}`, ignore: ignore !== undefined }, async (t) => {
    const fx = await setup();
    const rt = fx.runtime;
    const sh = (script: string, extra: Partial<RuntimeContainer> = {}): RuntimeContainer => ({
      name: "main",
      image: fx.image,
      imagePullPolicy: "IfNotPresent",
      command: ["sh", "-c"],
      args: [script],
      ...extra,
    });
    /** Runs `body` with a started pod, then removes the pod and checks nothing is left. */
    async function withPod(
      pod: RuntimePod,
      body: (refs: Awaited<ReturnType<Runtime["startContainer"]>>[]) => Promise<void>,
      ctx: { taskId?: string; grace?: number } = {},
    ): Promise<void> {
      const uid = pod.metadata.uid!;
      try {
        await rt.ensureSandbox(pod, { taskId: ctx.taskId });
        const refs = [];
        for (const c of pod.spec!.containers) {
          await rt.pullImage(c.image ?? "", "IfNotPresent");
          refs.push(await rt.startContainer(pod, c, { taskId: ctx.taskId, attempt: 0 }));
        }
        await body(refs);
      } finally {
        await rt.removeSandbox(uid, ctx.grace ?? 1);
      }
      assert.deepEqual(await fx.leftovers(uid), [], "removeSandbox must leave nothing behind");
      assert.deepEqual(await rt.listPodContainers({ podUid: uid }), []);
    }

    try {
      await t.step("env, args and workingDir reach the container (seen in its log)", async () => {
        const script = 'echo "A=$A"; echo "ARG1=$1"; echo "PWD=$(pwd)"; exec sleep 3600';
        const c = sh(script, {
          args: [script, "x", "two"],
          env: [{ name: "A", value: "hello world" }],
          workingDir: "/tmp",
        });
        await withPod(makePod("envpod", [c]), async ([ref]) => {
          const log = await waitFor(async () => {
            const text = await logText(rt, ref);
            return text.includes("PWD=") ? text : undefined;
          }, { what: "the container's log lines" });
          assert.equal(log, "A=hello world\nARG1=two\nPWD=/tmp\n");
          const s = await rt.inspectContainer(ref);
          assert.equal(s.state, "running");
          assert.ok(s.startedAt && !Number.isNaN(Date.parse(s.startedAt)));
        });
      });

      await t.step("logs: tailLines, timestamps and follow until the container exits", async () => {
        const c = sh("for i in 1 2 3 4 5; do echo line $i; sleep 0.1; done; echo err >&2");
        await withPod(makePod("logpod", [c]), async ([ref]) => {
          const followed = await logText(rt, ref, { follow: true });
          assert.equal(followed, "line 1\nline 2\nline 3\nline 4\nline 5\nerr\n");
          assert.equal((await waitExited(rt, ref)).exitCode, 0);
          assert.equal(await logText(rt, ref, { tailLines: 2 }), "line 5\nerr\n");
          const stamped = (await logText(rt, ref, { timestamps: true })).trimEnd().split("\n");
          assert.equal(stamped.length, 6);
          for (const [i, line] of stamped.entries()) {
            const [ts, ...rest] = line.split(" ");
            assert.ok(!Number.isNaN(Date.parse(ts)), `line ${i} starts with a timestamp: ${line}`);
            assert.equal(rest.join(" "), i < 5 ? `line ${i + 1}` : "err");
          }
          const future = new Date(Date.now() + 3600_000);
          assert.equal(await logText(rt, ref, { since: future }), "");
        });
      });

      await t.step("exit codes: 3 is an Error, 0 is Completed", async () => {
        const pod = makePod("exitpod", [
          sh("exit 3", { name: "fails" }),
          sh("echo done", { name: "ok" }),
        ]);
        await withPod(pod, async ([fails, ok]) => {
          const f = await waitExited(rt, fails);
          assert.equal(f.exitCode, 3);
          assert.equal(f.reason, "Error");
          assert.ok(f.finishedAt && !Number.isNaN(Date.parse(f.finishedAt)));
          const o = await waitExited(rt, ok);
          assert.equal(o.exitCode, 0);
          assert.equal(o.reason, "Completed");
        });
      });

      await t.step(
        "stop: SIGTERM is honoured within the grace; ignoring it gets SIGKILL",
        async () => {
          const pod = makePod("stoppod", [
            sh('trap "exit 7" TERM; echo ready; while true; do sleep 0.1; done', {
              name: "polite",
            }),
            sh('trap "" TERM; echo ready; while true; do sleep 0.1; done', { name: "stubborn" }),
          ]);
          await withPod(pod, async ([polite, stubborn]) => {
            for (const ref of [polite, stubborn]) {
              await waitFor(async () => (await logText(rt, ref)).includes("ready"), {
                what: `${ref.containerName} to install its trap`,
              });
            }
            await Promise.all([rt.stopContainer(polite, 30), rt.stopContainer(stubborn, 1)]);
            const p = await rt.inspectContainer(polite);
            assert.equal(p.state, "exited");
            assert.equal(p.exitCode, 7);
            const s = await rt.inspectContainer(stubborn);
            assert.equal(s.state, "exited");
            assert.equal(s.exitCode, 137);
          });
        },
      );

      await t.step(
        "listPodContainers finds a pod's containers by pod uid and task id",
        async () => {
          const pod = makePod("listpod", [
            sh("exec sleep 3600", { name: "a" }),
            sh("exec sleep 3600", { name: "b" }),
          ]);
          const taskId = `task-${crypto.randomUUID()}`;
          await withPod(pod, async (refs) => {
            const byTask = await rt.listPodContainers({ taskId, includeSandboxes: false });
            assert.deepEqual(byTask.map((c) => c.containerName).sort(), ["a", "b"]);
            for (const c of byTask) {
              assert.equal(c.podUid, pod.metadata.uid);
              assert.equal(c.podName, "listpod");
              assert.equal(c.podNamespace, "default");
              assert.equal(c.taskId, taskId);
              assert.equal(c.state, "running");
              assert.ok(refs.some((r) => r.id === c.ref.id));
            }
            const all = await rt.listPodContainers({ podUid: pod.metadata.uid });
            assert.equal(all.filter((c) => c.sandbox).length, 1);
            assert.equal(all.length, 3);
          }, { taskId });
        },
      );

      await t.step(
        "exec runs in the container, reports exit code, output and timeout",
        async () => {
          await withPod(makePod("execpod", [sh("exec sleep 3600")]), async ([ref]) => {
            const r = await rt.execInContainer(
              ref,
              ["sh", "-c", "echo out; echo err >&2; exit 5"],
              10,
            );
            assert.equal(r.exitCode, 5);
            assert.equal(r.timedOut, false);
            assert.match(r.output, /out/);
            assert.match(r.output, /err/);
            const slow = await rt.execInContainer(ref, ["sleep", "30"], 0.5);
            assert.equal(slow.timedOut, true);
          });
        },
      );

      await t.step("a following log stream can be cancelled by its reader", async () => {
        await withPod(makePod("cancelpod", [sh("echo hi; exec sleep 3600")]), async ([ref]) => {
          await waitFor(async () => (await logText(rt, ref)).includes("hi"));
          const reader = (await rt.logs(ref, { follow: true })).getReader();
          const first = await reader.read();
          assert.equal(new TextDecoder().decode(first.value), "hi\n");
          await reader.cancel();
        });
      });

      await t.step("a restarted runtime adopts running containers and can stop them", async () => {
        const pod = makePod("adoptpod", [sh("echo adopted; exec sleep 3600", { name: "a" })]);
        const taskId = `task-${crypto.randomUUID()}`;
        await withPod(pod, async ([ref]) => {
          await waitFor(async () => (await logText(rt, ref)).includes("adopted"));
          const second = fx.reopen();
          try {
            const found = await second.listPodContainers({ taskId, includeSandboxes: false });
            assert.equal(found.length, 1);
            assert.equal(found[0].ref.id, ref.id);
            assert.equal(found[0].state, "running");
            assert.equal(await logText(second, found[0].ref), "adopted\n");
            await second.stopContainer(found[0].ref, 1);
            assert.equal((await second.inspectContainer(found[0].ref)).state, "exited");
          } finally {
            await second.close();
          }
        }, { taskId });
      });

      await streamContractSteps(t, rt, withPod, sh);

      await t.step(
        "ports: the host port answers from the host, a sidecar reaches localhost",
        async () => {
          const hostPort = freePort();
          const web = sh(
            'mkdir -p www && echo hello-k8sm > www/index.html && exec busybox httpd -f -p "${PORT:-8080}" -h www',
            { name: "web", ports: [{ containerPort: 8080, hostPort }] },
          );
          const side = sh(
            'while true; do busybox wget -q -O - "http://localhost:${PORT_8080:-8080}/index.html"; sleep 0.2; done',
            { name: "side" },
          );
          await withPod(makePod("portpod", [web, side]), async ([webRef, sideRef]) => {
            const body = await waitFor(async () => {
              const res = await fetch(`http://127.0.0.1:${hostPort}/index.html`);
              return res.ok ? await res.text() : (await res.body?.cancel(), undefined);
            }, { timeoutMs: 20_000, what: `host port ${hostPort} to answer` });
            assert.equal(body, "hello-k8sm\n");
            assert.match(await dialGet(rt, webRef, 8080), /hello-k8sm/, "dialPort reaches it");
            await waitFor(async () => (await logText(rt, sideRef)).includes("hello-k8sm"), {
              timeoutMs: 20_000,
              what: "the sidecar to fetch the page through localhost",
            });
          });
        },
      );
    } finally {
      await fx.stop();
    }
  });
}
