/**
 * The process runtime (`--container-runtime=process`): each container's command+args runs as a
 * host process group in the pod's sandbox directory. NOTHING IS ISOLATED: no filesystem,
 * network, PID or resource isolation, images are ignored, and every container port is served
 * directly on a host port (told to the process through PORT, PORT0…n and PORT_<containerPort>).
 * State files in the sandbox let a restarted executor adopt the processes it finds.
 */

import { delay } from "../../util/backoff.ts";
import { podIdentity, type RuntimeContainer, type RuntimePod } from "../pod_shape.ts";
import {
  type ContainerFilter,
  type ContainerInspect,
  type ContainerRef,
  type DiscoveredContainer,
  type ExecProcess,
  type ExecResult,
  type ExecStreamOptions,
  type LogOptions,
  type PullPolicy,
  type Runtime,
  RuntimeError,
  type SandboxInfo,
  type StartContext,
} from "../runtime.ts";
import { podLabels } from "../docker/docker_container_config.ts";
import { processSpec } from "./process_env.ts";
import { makeStdinFifo, processAttach, stdinKeeper, stdinRedirect } from "./process_attach.ts";
import { processExec } from "./process_exec.ts";
import { processExecStream } from "./process_exec_stream.ts";
import { readLog } from "./process_log.ts";
import { listProcessContainers } from "./process_listing.ts";
import {
  processAlive,
  processContainerId,
  ProcessLayout,
  type ProcessRecord,
  readJson,
  type SandboxRecord,
  signalGroup,
  writeJson,
} from "./process_state.ts";
import { ProcessTracker } from "./process_tracker.ts";
import { type SpawnedSession, spawnSession } from "./process_session.ts";
import { planProcessMounts, removeMountPoints } from "../volumes/process_mounts.ts";

/** The sentence the executor logs (and `--help` shows) when the process runtime is chosen. */
export const PROCESS_RUNTIME_WARNING =
  "process runtime: containers run as plain host processes with NO isolation (no filesystem, " +
  "network, PID or resource isolation; images are ignored; ports are host ports)";

/** Options of the process runtime. */
export interface ProcessRuntimeOptions {
  /** Directory holding pod sandboxes (`<root>/pods/<uid>`). */
  root: string;
  /** The node's IP: every pod's podIP and hostIP (default 127.0.0.1). */
  hostIP?: string;
  /** Labels recorded on (and required of) every container this runtime manages. */
  extraLabels?: Record<string, string>;
  /** Poll interval of log collection and exit detection (ms, default 100). */
  pollMs?: number;
}

/** Runs pod containers as host process groups. */
export class ProcessRuntime implements Runtime {
  readonly name = "process";
  readonly layout: ProcessLayout;
  readonly #hostIP: string;
  readonly #extra: Record<string, string>;
  readonly #tracker: ProcessTracker;

  constructor(opts: ProcessRuntimeOptions) {
    this.layout = new ProcessLayout(opts.root);
    this.#hostIP = opts.hostIP ?? "127.0.0.1";
    this.#extra = opts.extraLabels ?? {};
    this.#tracker = new ProcessTracker(this.layout, opts.pollMs ?? 100);
  }

  async ensureSandbox(pod: RuntimePod, ctx: StartContext): Promise<SandboxInfo> {
    const id = podIdentity(pod);
    const dir = this.layout.sandboxDir(id.uid);
    await Deno.mkdir(`${dir}/containers`, { recursive: true });
    if (!await readJson<SandboxRecord>(`${dir}/sandbox.json`)) {
      const labels = podLabels(id, "POD", { ...ctx, attempt: 0 }, this.#extra);
      await writeJson(`${dir}/sandbox.json`, {
        ...id,
        createdAt: new Date().toISOString(),
        labels,
      });
    }
    return { id: dir, podIP: this.#hostIP, hostIP: this.#hostIP };
  }

  /** Images mean nothing to host processes: every policy succeeds without doing anything. */
  pullImage(_image: string, _policy: PullPolicy): Promise<void> {
    return Promise.resolve();
  }

  async startContainer(
    pod: RuntimePod,
    container: RuntimeContainer,
    ctx: StartContext,
  ): Promise<ContainerRef> {
    const id = podIdentity(pod);
    const sandboxDir = this.layout.sandboxDir(id.uid);
    const spec = processSpec(pod, id, container, ctx, sandboxDir);
    const attempt = ctx.attempt ?? 0;
    const cid = processContainerId(id.uid, container.name, attempt);
    const ref: ContainerRef = { id: cid, podUid: id.uid, containerName: container.name, attempt };
    const dir = this.layout.containerDir(cid);
    await this.#freshDir(ref, dir);
    if (container.stdin) await makeStdinFifo(dir);
    // The sandbox directory (the default cwd) holds the container's: it exists.
    if (spec.createCwd && spec.cwd !== sandboxDir) await Deno.mkdir(spec.cwd, { recursive: true });
    else if (!(await Deno.stat(spec.cwd).catch(() => undefined))?.isDirectory) {
      throw new RuntimeError(
        "CreateContainerConfigError",
        `workingDir "${spec.cwd}" of container "${container.name}" does not exist on this host`,
      );
    }
    const plan = await planProcessMounts(sandboxDir, ctx.mounts ?? []);
    // With mounts the shell's own output (a failed mount) goes to the log too.
    const script = plan.script ? `exec >>"$0" 2>&1; ${plan.script}` : "";
    let started: SpawnedSession;
    try {
      // The shell execs the command only once state.json names it (a line on stdin): if this
      // executor dies in between, stdin ends and the shell exits instead of leaving a process
      // that no later executor could find.
      const shell = [
        "/bin/sh",
        "-c",
        `${script}read _ || exit 1; ${stdinKeeper(container)}exec "$@" ${
          stdinRedirect(container)
        } >>"$0" 2>&1`,
        `${dir}/output`,
        ...spec.argv,
      ];
      started = await spawnSession({
        argv: [...plan.prefix, ...shell],
        env: spec.env,
        cwd: spec.cwd,
      });
    } catch (e) {
      throw new RuntimeError(
        "RunContainerError",
        `cannot start container "${container.name}" (${spec.argv.join(" ")}): ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
    }
    const child = started.child;
    child.unref();
    const rec: ProcessRecord = {
      id: cid,
      podUid: id.uid,
      containerName: container.name,
      attempt,
      pid: child.pid,
      pgid: child.pid,
      procStart: started.procStart,
      startedAt: new Date().toISOString(),
      logOffset: 0,
      cwd: spec.cwd,
      env: spec.env,
      image: container.image,
      labels: podLabels(id, container.name, ctx, this.#extra),
      mountNs: plan.prefix.length > 0 || undefined,
    };
    await writeJson(`${dir}/state.json`, rec);
    const go = child.stdin.getWriter();
    await go.write(new TextEncoder().encode("\n")).catch(() => {});
    await go.close().catch(() => {});
    this.#tracker.track(rec, child);
    return plan.warning ? { ...ref, warning: plan.warning } : ref;
  }

  /**
   * Makes the attempt's directory, empty: a fresh attempt only creates it (no leftover can be in
   * a directory that was not there), a leftover of the same attempt is removed first.
   */
  async #freshDir(ref: ContainerRef, dir: string): Promise<void> {
    if (!this.#tracker.has(ref.id)) {
      try {
        return await Deno.mkdir(dir);
      } catch (e) {
        if (!(e instanceof Deno.errors.AlreadyExists) && !(e instanceof Deno.errors.NotFound)) {
          throw e;
        }
      }
    }
    await this.removeContainer(ref);
    await Deno.mkdir(dir, { recursive: true });
  }

  async #record(ref: ContainerRef): Promise<ProcessRecord | undefined> {
    return this.#tracker.get(ref.id) ??
      await readJson<ProcessRecord>(`${this.layout.containerDir(ref.id)}/state.json`);
  }

  /** The record with its exit settled: adopts live processes, finalizes dead ones. */
  async #settled(ref: ContainerRef): Promise<ProcessRecord | undefined> {
    const rec = await this.#record(ref);
    if (!rec) return undefined;
    if (!this.#tracker.has(rec.id) && rec.finishedAt === undefined) this.#tracker.track(rec);
    if (this.#tracker.has(rec.id) && await this.#tracker.exited(rec.id)) {
      return await this.#tracker.finalize(rec.id) ?? rec;
    }
    return rec;
  }

  async inspectContainer(ref: ContainerRef): Promise<ContainerInspect> {
    const rec = await this.#settled(ref);
    if (!rec) {
      return { state: "unknown", reason: "ContainerNotFound", message: `no container ${ref.id}` };
    }
    const done = rec.finishedAt !== undefined;
    return {
      state: done ? "exited" : "running",
      exitCode: rec.exitCode,
      startedAt: rec.startedAt,
      finishedAt: rec.finishedAt,
      reason: rec.reason,
      message: rec.message,
      pid: done ? undefined : rec.pid,
      image: rec.image,
    };
  }

  /** Settles once the tracked container's exit is recorded (undefined when not tracked). */
  exitWatch(ref: ContainerRef): Promise<void> | undefined {
    return this.#tracker.whenGone(ref.id);
  }

  async stopContainer(ref: ContainerRef, graceSeconds: number): Promise<void> {
    const rec = await this.#settled(ref);
    if (!rec || rec.finishedAt !== undefined) return;
    this.#signal(rec, "SIGTERM");
    const deadline = Date.now() + Math.max(0, graceSeconds) * 1000;
    while (Date.now() < deadline && !await this.#tracker.exited(rec.id)) await delay(20);
    if (!await this.#tracker.exited(rec.id)) this.#signal(rec, "SIGKILL");
    const killDeadline = Date.now() + 10_000;
    while (Date.now() < killDeadline && await processAlive(rec)) await delay(20);
    await this.#tracker.finalize(rec.id);
  }

  /**
   * Signals the container's process group; a child of ours spawned so recently that setsid(1)
   * has not made its group yet is signalled by pid (nothing else of it runs before that).
   */
  #signal(rec: ProcessRecord, signal: Deno.Signal): void {
    if (signalGroup(rec.pgid, signal) || !this.#tracker.unreaped(rec.id)) return;
    try {
      Deno.kill(rec.pid, signal);
    } catch { /* it exited meanwhile */ }
  }

  async removeContainer(ref: ContainerRef): Promise<void> {
    if (!ref.id.includes("/")) return await this.removeSandbox(ref.podUid, 0);
    await this.stopContainer(ref, 0);
    this.#tracker.forget(ref.id);
    await Deno.remove(this.layout.containerDir(ref.id), { recursive: true }).catch(() => {});
  }

  async removeSandbox(podUid: string, graceSeconds: number): Promise<void> {
    const found = await this.listPodContainers({ podUid, includeSandboxes: false });
    await Promise.all(found.map((c) => this.stopContainer(c.ref, graceSeconds)));
    for (const c of found) this.#tracker.forget(c.ref.id);
    await Deno.remove(this.layout.sandboxDir(podUid), { recursive: true }).catch(() => {});
    await removeMountPoints(this.layout.sandboxDir(podUid));
  }

  async listPodContainers(filter: ContainerFilter = {}): Promise<DiscoveredContainer[]> {
    const found = await listProcessContainers(this.layout, filter, this.#extra);
    for (const c of found) {
      if (c.sandbox) continue;
      const rec = await this.#settled(c.ref);
      c.state = rec?.finishedAt === undefined ? "running" : "exited";
    }
    return found;
  }

  async execInContainer(ref: ContainerRef, cmd: string[], timeoutSeconds: number) {
    const rec = await this.#record(ref);
    if (!rec) {
      throw new RuntimeError("ContainerNotFound", `cannot exec in ${ref.id}: no such container`);
    }
    return await processExec(rec, cmd, timeoutSeconds) satisfies ExecResult;
  }

  async exec(ref: ContainerRef, cmd: string[], opts: ExecStreamOptions): Promise<ExecProcess> {
    const rec = await this.#settled(ref);
    if (!rec || rec.finishedAt !== undefined) {
      throw new RuntimeError("ContainerNotFound", `container not found ("${ref.containerName}")`);
    }
    return processExecStream(rec, cmd, opts);
  }

  /** Follows the main process's output from now on; stdin reaches it when it has `stdin`. */
  async attach(ref: ContainerRef, opts: ExecStreamOptions): Promise<ExecProcess> {
    const rec = await this.#record(ref);
    return await processAttach(
      this.layout.containerDir(ref.id),
      rec?.pgid ?? 0,
      opts,
      (signal) => this.logs(ref, { follow: true, tailLines: 0, signal }),
    );
  }

  async dialPort(ref: ContainerRef, port: number): Promise<Deno.Conn> {
    const rec = await this.#record(ref);
    const hostPort = Number(rec?.env[`PORT_${port}`] ?? port);
    return await Deno.connect({ hostname: this.#hostIP, port: hostPort });
  }

  async logs(ref: ContainerRef, opts: LogOptions): Promise<ReadableStream<Uint8Array>> {
    const rec = await this.#settled(ref);
    if (!rec) {
      throw new RuntimeError("ContainerNotFound", `no logs for ${ref.id}: no such container`);
    }
    return readLog(this.layout.containerDir(ref.id), opts, async () => {
      this.#tracker.hurry(ref.id);
      const r = await this.#settled(ref);
      return !r || r.finishedAt !== undefined;
    });
  }

  close(): Promise<void> {
    this.#tracker.close();
    return Promise.resolve();
  }
}
