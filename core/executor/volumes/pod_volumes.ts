/**
 * One pod's volumes on the host (the kubelet's volume manager, for the kinds k8sm serves):
 * a directory per volume under `<root>/<pod uid>/volumes/`, emptyDir (a tmpfs of `sizeLimit`
 * for `medium: Memory` when the executor runs as root), hostPath (after its `type` check),
 * configMap / secret / downwardAPI / projected written by the atomic writer and rewritten on
 * `refresh` (so updates reach running containers), and the implicit service-account volume.
 * `mountsFor` turns a container's volumeMounts into host bind mounts for the runtime;
 * `tearDown` unmounts and removes everything of the pod.
 */
import { join } from "node:path";
import type { Container, Pod } from "../../api/types/pod.ts";
import { parseQuantity } from "../../api/quantity.ts";
import type { HostMount, SandboxInfo } from "../runtime.ts";
import { AtomicWriter } from "./atomic_writer.ts";
import { checkHostPath } from "./host_path.ts";
import type { PodObjectSource } from "./pod_object_source.ts";
import { mountTmpfs, unmountUnder } from "./host_mounts.ts";
import {
  SERVICE_ACCOUNT_MOUNT,
  serviceAccountVolume,
  tokensNotServed,
} from "./service_account_volume.ts";
import { logger } from "../../util/log.ts";

const log = logger("volumes");
import { type ExecutorVolume, VolumeError, volumePayload } from "./volume_payload.ts";

/** Where volumes live and where their objects come from. */
export interface VolumeSettings {
  /** Directory holding `<pod uid>/volumes/<name>`. */
  root: string;
  /** The apiserver's objects; without it configMap/secret/token sources fail to mount. */
  source?: PodObjectSource;
  /** Rewrite configMap/secret/projected volumes this often (ms, default 10 s). */
  refreshMs?: number;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The volumes of one pod. */
export class PodVolumes {
  readonly dir: string;
  readonly #pod: Pod;
  readonly #s: VolumeSettings;
  #volumes?: ExecutorVolume[];
  #ready = false;
  #lastRefresh = 0;
  #failure?: string;
  #tokens = new Map<string, { data: Uint8Array; renewAt: number }>();
  /** Per written volume: what its directory holds, so an unchanged refresh is one readlink. */
  #writers = new Map<string, AtomicWriter>();

  constructor(pod: Pod, settings: VolumeSettings) {
    this.#pod = pod;
    this.#s = settings;
    this.dir = join(settings.root, pod.metadata.uid ?? pod.metadata.name ?? "pod");
  }

  /** True once every volume was set up. */
  get ready(): boolean {
    return this.#ready;
  }

  #volumeDir(name: string): string {
    return join(this.dir, "volumes", name);
  }

  async #list(): Promise<ExecutorVolume[]> {
    if (this.#volumes) return this.#volumes;
    const own: ExecutorVolume[] = [...this.#pod.spec?.volumes ?? []];
    const sa = this.#s.source ? await serviceAccountVolume(this.#pod, this.#s.source) : undefined;
    if (sa) own.push(sa);
    this.#volumes = own;
    return own;
  }

  /**
   * Sets up every volume (idempotent; a restarted executor finds its directories again).
   * Throws a VolumeError naming the volume when one cannot be set up.
   */
  async setUp(sandbox: SandboxInfo): Promise<void> {
    for (const v of await this.#list()) {
      try {
        await this.#setUpOne(v, sandbox);
      } catch (e) {
        if (v.clusterCa && tokensNotServed(e)) {
          log.warn(
            `pod ${this.#pod.metadata.namespace}/${this.#pod.metadata.name}: no service-account token mounted: ${
              errorText(e)
            }`,
          );
          this.#volumes = this.#volumes?.filter((x) => x !== v);
          continue;
        }
        throw new VolumeError(`MountVolume.SetUp failed for volume "${v.name}" : ${errorText(e)}`);
      }
    }
    this.#ready = true;
    this.#lastRefresh = Date.now();
  }

  async #setUpOne(v: ExecutorVolume, sandbox: SandboxInfo): Promise<void> {
    const dir = this.#volumeDir(v.name);
    if (v.hostPath) return await checkHostPath(v.hostPath.path, v.hostPath.type);
    if (v.emptyDir) {
      await Deno.mkdir(dir, { recursive: true });
      await Deno.chmod(dir, 0o777);
      if (v.emptyDir.medium === "Memory") {
        const size = v.emptyDir.sizeLimit ? parseQuantity(v.emptyDir.sizeLimit) : undefined;
        await mountTmpfs(dir, size);
      }
      return;
    }
    const info = await volumePayload(this.#pod, v, this.#needSource(v), sandbox, (path) => {
      const kept = this.#tokens.get(`${v.name}/${path}`);
      return kept && Date.now() < kept.renewAt ? kept.data : undefined;
    });
    if (!info) {
      const kind = Object.keys(v).find((k) => k !== "name") ?? "unknown";
      throw new VolumeError(`volume type "${kind}" is not supported by k8sm`);
    }
    for (const src of v.projected?.sources ?? []) {
      const path = src.serviceAccountToken?.path;
      const key = `${v.name}/${path}`;
      if (!path || (this.#tokens.get(key)?.renewAt ?? 0) > Date.now()) continue;
      const data = info.payload.get(path)?.data;
      if (!data) continue;
      // As the kubelet: renew at 80% of the token's life.
      const life = (info.tokenExpiry ?? Date.now() + 3_600_000) - Date.now();
      this.#tokens.set(key, { data, renewAt: Date.now() + life * 0.8 });
    }
    let writer = this.#writers.get(v.name);
    if (!writer) this.#writers.set(v.name, writer = new AtomicWriter(dir));
    await writer.write(info.payload);
  }

  #needSource(v: ExecutorVolume): PodObjectSource {
    if (this.#s.source) return this.#s.source;
    if (v.downwardAPI) return NO_SOURCE;
    throw new VolumeError("this executor has no apiserver connection to read the volume's objects");
  }

  /**
   * Rewrites the configMap/secret/downwardAPI/projected volumes when `refreshMs` passed since
   * the last time; returns the failure sentence, if any (the files stay as they were).
   */
  async refresh(sandbox: SandboxInfo, force = false): Promise<string | undefined> {
    if (!this.#ready) return undefined;
    if (!force && Date.now() - this.#lastRefresh < (this.#s.refreshMs ?? 10_000)) return undefined;
    this.#lastRefresh = Date.now();
    for (const v of await this.#list()) {
      if (v.emptyDir || v.hostPath) continue;
      try {
        await this.#setUpOne(v, sandbox);
      } catch (e) {
        return `volume "${v.name}" was not updated: ${errorText(e)}`;
      }
    }
    return undefined;
  }

  /**
   * One pod-worker pass: sets the volumes up until that succeeds, then refreshes them. Returns
   * ms to wait when setup failed (the containers cannot start yet), after telling `failed` the
   * sentence (`repeated` when it is the same as last time); a failed refresh is told too.
   */
  async sync(
    sandbox: SandboxInfo,
    failed: (message: string, repeated: boolean, setup: boolean) => void,
  ): Promise<number | undefined> {
    if (this.#ready) {
      const problem = await this.refresh(sandbox);
      if (problem) failed(problem, problem === this.#failure, false);
      this.#failure = problem;
      return undefined;
    }
    try {
      await this.setUp(sandbox);
      this.#failure = undefined;
      return undefined;
    } catch (e) {
      const message = errorText(e);
      failed(message, message === this.#failure, true);
      this.#failure = message;
      return 2000;
    }
  }

  /** Milliseconds until the next refresh is due (Infinity before setUp). */
  nextRefreshMs(): number {
    if (!this.#ready) return Number.POSITIVE_INFINITY;
    return Math.max(0, this.#lastRefresh + (this.#s.refreshMs ?? 10_000) - Date.now());
  }

  /** The host bind mounts of `container`'s volumeMounts (and the service-account mount). */
  async mountsFor(container: Container): Promise<HostMount[]> {
    const volumes = await this.#list();
    const mounts: HostMount[] = [];
    const wanted = [...container.volumeMounts ?? []];
    const sa = volumes.find((v) => v.clusterCa);
    if (sa && !wanted.some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT)) {
      wanted.push({ name: sa.name, mountPath: SERVICE_ACCOUNT_MOUNT, readOnly: true });
    }
    for (const m of wanted) {
      const v = volumes.find((x) => x.name === m.name);
      if (!v) throw new VolumeError(`volumeMount "${m.name}" names no volume of the pod`);
      const base = v.hostPath ? v.hostPath.path : this.#volumeDir(v.name);
      const written = !v.hostPath && !v.emptyDir;
      let source = base;
      if (m.subPath) {
        source = join(base, m.subPath);
        if (!written) {
          const exists = await Deno.lstat(source).then(() => true, () => false);
          if (!exists) await Deno.mkdir(source, { recursive: true, mode: 0o777 });
        } else source = await Deno.realPath(source).catch(() => source);
      }
      // The kubelet mounts configMap, secret, downwardAPI and projected volumes read-only.
      mounts.push({ source, target: m.mountPath, readOnly: m.readOnly === true || written });
    }
    return mounts;
  }

  /** Unmounts (tmpfs) and removes every volume directory of the pod. */
  async tearDown(): Promise<void> {
    this.#ready = false;
    this.#writers.clear();
    await unmountUnder(this.dir);
    await Deno.remove(this.dir, { recursive: true }).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
}

/** Unmounts and removes the volumes of pod `uid` under `root` (a leftover of an earlier executor). */
export async function removePodVolumes(root: string, uid: string): Promise<void> {
  if (!uid || uid.includes("/")) return;
  const dir = join(root, uid);
  await unmountUnder(dir);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

const NO_SOURCE: PodObjectSource = {
  configMap: () => Promise.resolve(undefined),
  secret: () => Promise.resolve(undefined),
  serviceAccount: () => Promise.resolve(undefined),
  token: () => Promise.reject(new Error("no apiserver connection")),
  caPem: () => undefined,
  apiServer: () => undefined,
};
