/**
 * The Docker runtime: runs a pod as an infra container owning the network namespace (with the
 * pod's host-port bindings) plus app containers joined to it, over the Docker Engine API
 * (Docker, or podman's compatible service). Containers carry labels tying them to their pod
 * and task, so a restarted executor finds them with `listPodContainers`.
 */

import { DockerApiError, DockerClient, errorText } from "../docker/docker_client.ts";
import {
  containerCreateRequest,
  type InfraSettings,
  podDomainname,
  podHostname,
  sandboxCreateRequest,
} from "../docker/docker_container_config.ts";
import { createAndStart, createContainer, startCreated } from "../docker/docker_create.ts";
import { dockerExec } from "../docker/docker_exec.ts";
import { dockerAttachStream, dockerExecStream } from "../docker/docker_exec_stream.ts";
import { ensureImage } from "../docker/docker_images.ts";
import { demuxToStream } from "../docker/docker_stream.ts";
import { imagePresent } from "../docker/docker_images.ts";
import { LOCAL_PAUSE_IMAGE, provideLocalPauseImage } from "../docker/local_pause_image.ts";
import { logger } from "../../util/log.ts";
import { podIdentity, type RuntimeContainer, type RuntimePod } from "../pod_shape.ts";
import {
  type ContainerFilter,
  type ContainerInspect,
  type ContainerRef,
  type DiscoveredContainer,
  type ExecProcess,
  type ExecResult,
  type ExecStreamOptions,
  LABELS,
  type LogOptions,
  type PullPolicy,
  type PullProgress,
  type RegistryCredential,
  type Runtime,
  RuntimeError,
  type SandboxInfo,
  type StartContext,
} from "../runtime.ts";
import { containerStateOf, toInspect } from "../docker/docker_state.ts";
import { normalizeStampStream } from "../../util/rfc3339_nano.ts";

const log = logger("docker-runtime");

/** The infra image used when `--pod-infra-image` is not given. */
export const DEFAULT_INFRA_IMAGE = "registry.k8s.io/pause:3.9";

/** Options of the Docker runtime (the executor's flags). */
export interface DockerRuntimeOptions {
  /** `--docker-endpoint`; DOCKER_HOST or unix:///var/run/docker.sock when absent. */
  endpoint?: string;
  /** `--pod-infra-image`. */
  infraImage?: string;
  /** `--pod-infra-command` (replaces the infra image's entrypoint). */
  infraCommand?: string[];
  /** Pull policy of the infra image (default IfNotPresent). */
  infraPullPolicy?: PullPolicy;
  /** The node's IP, reported as hostIP and used as podIP for host-network pods. */
  hostIP?: string;
  /** Labels added to (and required on) every container this runtime manages. */
  extraLabels?: Record<string, string>;
}

interface ListedContainer {
  Id: string;
  State?: string;
  Labels?: Record<string, string> | null;
}

interface InspectedContainer {
  Id: string;
  State?: Record<string, unknown>;
  Image?: string;
  Config?: { Image?: string };
  NetworkSettings?: {
    IPAddress?: string;
    Networks?: Record<string, { IPAddress?: string }> | null;
  };
}

/** Runs pods through the Docker Engine API. */
export class DockerRuntime implements Runtime {
  readonly name = "docker";
  readonly client: DockerClient;
  readonly #infra: InfraSettings;
  readonly #infraPolicy: PullPolicy;
  readonly #hostIP?: string;
  readonly #extra: Record<string, string>;
  #infraImage?: Promise<string>;
  /** The sandbox ensureSandbox last made or found, by pod uid (checked before each start). */
  readonly #sandboxIds = new Map<string, string>();

  constructor(opts: DockerRuntimeOptions = {}) {
    this.client = new DockerClient(opts.endpoint);
    this.#infra = { image: opts.infraImage || DEFAULT_INFRA_IMAGE, command: opts.infraCommand };
    this.#infraPolicy = opts.infraPullPolicy ?? "IfNotPresent";
    this.#hostIP = opts.hostIP;
    this.#extra = opts.extraLabels ?? {};
  }

  async ensureSandbox(pod: RuntimePod, ctx: StartContext): Promise<SandboxInfo> {
    const id = podIdentity(pod);
    const existing = (await this.listPodContainers({ podUid: id.uid })).filter((c) => c.sandbox);
    const running = existing.find((c) => c.state === "running");
    if (running) {
      this.#sandboxIds.set(id.uid, running.ref.id);
      return await this.#sandboxInfo(running.ref.id);
    }
    // A dead sandbox took the network namespace with it: its app containers go too.
    if (existing.length) await this.removeSandbox(id.uid, 0);
    const image = await this.infraImage();
    const req = sandboxCreateRequest(pod, id, ctx, { ...this.#infra, image }, this.#extra);
    const sandboxId = await createAndStart(this.client, req.name, req.body, "pod sandbox");
    this.#sandboxIds.set(id.uid, sandboxId);
    return await this.#sandboxInfo(sandboxId);
  }

  /**
   * The infra image sandboxes use: the configured one when present or pullable, else
   * LOCAL_PAUSE_IMAGE, built from the host's busybox when missing (logged once). A failure is
   * not remembered, so the next sandbox tries again.
   */
  infraImage(): Promise<string> {
    this.#infraImage ??= this.#resolveInfraImage();
    this.#infraImage.catch(() => this.#infraImage = undefined);
    return this.#infraImage;
  }

  async #resolveInfraImage(): Promise<string> {
    const wanted = this.#infra.image;
    if (this.#infraPolicy !== "Always") {
      if (await imagePresent(this.client, wanted)) return wanted;
      if (await imagePresent(this.client, LOCAL_PAUSE_IMAGE)) {
        log.info(`pod infra image ${wanted} is not present; using ${LOCAL_PAUSE_IMAGE}`);
        return LOCAL_PAUSE_IMAGE;
      }
    }
    try {
      await this.pullImage(wanted, this.#infraPolicy);
      return wanted;
    } catch (pullError) {
      if (!(pullError instanceof RuntimeError) || pullError.reason === "InvalidImageName") {
        throw pullError;
      }
      let made;
      try {
        made = await provideLocalPauseImage(this.client);
      } catch (e) {
        throw new RuntimeError(pullError.reason, `${pullError.message}; ${errorText(e)}`);
      }
      log.warn(
        `pod infra image ${wanted} is not present and cannot be pulled (${pullError.message}); ` +
          `${made.built ? "built" : "using"} ${made.image} from the host's busybox instead ` +
          `(pass --pod-infra-image to use another image)`,
      );
      return made.image;
    }
  }

  async #sandboxInfo(sandboxId: string): Promise<SandboxInfo> {
    const info = await this.client.json<InspectedContainer>("GET", `/containers/${sandboxId}/json`);
    const ns = info.NetworkSettings;
    const ip = ns?.IPAddress ||
      Object.values(ns?.Networks ?? {}).map((n) => n.IPAddress).find((a) => !!a);
    return { id: sandboxId, podIP: ip || this.#hostIP || "127.0.0.1", hostIP: this.#hostIP };
  }

  pullImage(
    image: string,
    policy: PullPolicy,
    onProgress?: PullProgress,
    auth?: RegistryCredential,
  ): Promise<void> {
    return ensureImage(this.client, image, policy, onProgress, auth);
  }

  async startContainer(
    pod: RuntimePod,
    container: RuntimeContainer,
    ctx: StartContext,
  ): Promise<ContainerRef> {
    const id = podIdentity(pod);
    if (!container.image) {
      throw new RuntimeError(
        "InvalidImageName",
        `container "${container.name}" of pod ${id.namespace}/${id.name} has no image; set ` +
          `spec.containers[].image`,
      );
    }
    const own = pod.spec?.hostNetwork !== true;
    const what = `container "${container.name}"`;
    const request = (sandboxId: string) =>
      containerCreateRequest(
        id,
        container,
        sandboxId,
        ctx,
        this.#extra,
        own ? podHostname(id, pod.spec) : undefined,
        own ? podDomainname(id, pod.spec) : undefined,
      );
    const lookup = this.listPodContainers({ podUid: id.uid })
      .then((cs) => cs.find((c) => c.sandbox && c.state === "running"));
    // With the sandbox ensureSandbox made or found, the create overlaps the check that it
    // still runs; the container starts only once the check passed, else it is removed.
    const cached = this.#sandboxIds.get(id.uid);
    const early = cached
      ? createContainer(this.client, request(cached).name, request(cached).body, what)
      : undefined;
    early?.catch(() => {});
    const sandbox = await lookup.catch(async (e) => {
      await this.#discard(early);
      throw e;
    });
    if (!sandbox) {
      await this.#discard(early);
      throw new RuntimeError(
        "CreateContainerError",
        `pod ${id.namespace}/${id.name} has no running sandbox; call ensureSandbox first`,
      );
    }
    let cid: string;
    if (early && sandbox.ref.id === cached) {
      cid = await early;
    } else {
      await this.#discard(early);
      const req = request(sandbox.ref.id);
      cid = await createContainer(this.client, req.name, req.body, what);
    }
    await startCreated(this.client, cid, request(sandbox.ref.id).name, what);
    return { id: cid, podUid: id.uid, containerName: container.name, attempt: ctx.attempt ?? 0 };
  }

  /** Removes a container created ahead of a check that failed (best effort). */
  async #discard(created: Promise<string> | undefined): Promise<void> {
    const cid = await created?.catch(() => undefined);
    if (!cid) return;
    await this.client.call("DELETE", `/containers/${cid}`, { query: { force: true } })
      .catch(() => {});
  }

  async inspectContainer(ref: ContainerRef): Promise<ContainerInspect> {
    try {
      const info = await this.client.json<InspectedContainer>(
        "GET",
        `/containers/${ref.id}/json`,
      );
      return toInspect(info.State ?? {}, info.Config?.Image, info.Image);
    } catch (e) {
      if (e instanceof DockerApiError && e.status === 404) {
        return {
          state: "unknown",
          reason: "ContainerNotFound",
          message: `container ${ref.id} is gone`,
        };
      }
      throw e;
    }
  }

  async stopContainer(ref: ContainerRef, graceSeconds: number): Promise<void> {
    try {
      await this.client.call("POST", `/containers/${ref.id}/stop`, {
        query: { t: Math.max(0, Math.ceil(graceSeconds)) },
      });
    } catch (e) {
      if (!(e instanceof DockerApiError && (e.status === 404 || e.status === 304))) throw e;
    }
  }

  async removeContainer(ref: ContainerRef): Promise<void> {
    try {
      await this.client.call("DELETE", `/containers/${ref.id}`, {
        query: { force: true, v: true },
      });
    } catch (e) {
      if (!(e instanceof DockerApiError && e.status === 404)) throw e;
    }
  }

  async removeSandbox(podUid: string, graceSeconds: number): Promise<void> {
    this.#sandboxIds.delete(podUid);
    const all = await this.listPodContainers({ podUid });
    const apps = all.filter((c) => !c.sandbox);
    await Promise.all(apps.map((c) => this.stopContainer(c.ref, graceSeconds)));
    const sandboxes = all.filter((c) => c.sandbox);
    await Promise.all(apps.map((c) => this.removeContainer(c.ref)));
    await Promise.all(sandboxes.map((c) => this.stopContainer(c.ref, 0)));
    await Promise.all(sandboxes.map((c) => this.removeContainer(c.ref)));
  }

  async listPodContainers(filter: ContainerFilter = {}): Promise<DiscoveredContainer[]> {
    const labels = Object.entries(this.#extra).map(([k, v]) => `${k}=${v}`);
    labels.push(`${LABELS.managed}=true`);
    if (filter.podUid) labels.push(`${LABELS.podUid}=${filter.podUid}`);
    if (filter.taskId) labels.push(`${LABELS.taskId}=${filter.taskId}`);
    const listed = await this.client.json<ListedContainer[]>("GET", "/containers/json", {
      query: { all: true, filters: JSON.stringify({ label: labels }) },
    });
    const out: DiscoveredContainer[] = [];
    for (const c of listed ?? []) {
      const l = c.Labels ?? {};
      const sandbox = l[LABELS.role] === "sandbox";
      if (sandbox && filter.includeSandboxes === false) continue;
      const containerName = l[LABELS.containerName] ?? "";
      out.push({
        ref: {
          id: c.Id,
          podUid: l[LABELS.podUid] ?? "",
          containerName,
          attempt: Number(l[LABELS.attempt] ?? 0),
        },
        podUid: l[LABELS.podUid] ?? "",
        podName: l[LABELS.podName] ?? "",
        podNamespace: l[LABELS.podNamespace] ?? "",
        containerName,
        taskId: l[LABELS.taskId],
        executorId: l[LABELS.executorId],
        sandbox,
        state: containerStateOf(c.State),
        labels: l,
      });
    }
    return out;
  }

  execInContainer(ref: ContainerRef, cmd: string[], timeoutSeconds: number): Promise<ExecResult> {
    return dockerExec(this.client, ref.id, cmd, timeoutSeconds);
  }

  exec(ref: ContainerRef, cmd: string[], opts: ExecStreamOptions): Promise<ExecProcess> {
    return dockerExecStream(this.client, ref.id, cmd, opts);
  }

  attach(ref: ContainerRef, opts: ExecStreamOptions): Promise<ExecProcess> {
    return dockerAttachStream(this.client, ref.id, opts);
  }

  async dialPort(ref: ContainerRef, port: number): Promise<Deno.Conn> {
    const c = await this.client.json<{ HostConfig?: { NetworkMode?: string } }>(
      "GET",
      `/containers/${ref.id}/json`,
    );
    const mode = c.HostConfig?.NetworkMode ?? "";
    const sandbox = mode.startsWith("container:") ? mode.slice("container:".length) : ref.id;
    const info = await this.client.json<InspectedContainer>("GET", `/containers/${sandbox}/json`);
    const ports =
      (info.NetworkSettings as { Ports?: Record<string, { HostPort?: string }[] | null> })
        ?.Ports;
    const published = Number(ports?.[`${port}/tcp`]?.[0]?.HostPort ?? 0);
    if (published > 0) return await Deno.connect({ hostname: "127.0.0.1", port: published });
    const { podIP } = await this.#sandboxInfo(sandbox);
    return await Deno.connect({ hostname: podIP, port });
  }

  async logs(ref: ContainerRef, opts: LogOptions): Promise<ReadableStream<Uint8Array>> {
    const res = await this.client.request("GET", `/containers/${ref.id}/logs`, {
      query: {
        stdout: true,
        stderr: true,
        follow: opts.follow === true,
        timestamps: opts.timestamps === true,
        tail: opts.tailLines !== undefined ? Math.max(0, opts.tailLines) : "all",
        since: opts.since ? Math.floor(opts.since.getTime() / 1000) : undefined,
      },
      signal: opts.signal,
    });
    if (!res.body) return new ReadableStream({ start: (c) => c.close() });
    const out = demuxToStream(res.body);
    // Engines trim trailing zeros (Go's RFC3339Nano); kubelet lines carry nine digits.
    return opts.timestamps ? out.pipeThrough(normalizeStampStream()) : out;
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}
