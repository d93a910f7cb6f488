/**
 * Volume mounts for the process runtime. As root, a container's shell runs under
 * `unshare -m --propagation private` and bind-mounts each volume at its `mountPath` (read-only
 * when asked) before exec'ing the command: the mounts exist only in that private mount
 * namespace and vanish with its last process. Mount points missing on the host are created
 * first and recorded, and removed with the pod (unless another pod's record still names them).
 * Without root (or without unshare) nothing is mounted: the container starts with its volumes
 * only at their host paths, and the caller reports that in the pod status.
 */
import { basename, dirname, join } from "node:path";
import type { HostMount } from "../runtime.ts";
import { canMount } from "./host_mounts.ts";

/** A shell word for `s`. */
function quote(s: string): string {
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

/** How a container's command is wrapped so its volumes appear at their mountPaths. */
export interface MountPlan {
  /** Prefix of the spawned argv (`unshare -m --propagation private`), empty without mounts. */
  prefix: string[];
  /** Shell lines to run before the command (the bind mounts). */
  script: string;
  /** Set when the mounts cannot be honoured: the sentence for the pod status. */
  warning?: string;
}

let unshareFound: boolean | undefined;

async function hasUnshare(): Promise<boolean> {
  if (unshareFound !== undefined) return unshareFound;
  try {
    const out = await new Deno.Command("unshare", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    unshareFound = out.success;
  } catch {
    unshareFound = false;
  }
  return unshareFound;
}

/** Creates what is missing of `target` (a directory, or an empty file for a file source). */
async function makeMountPoint(target: string, file: boolean, created: string[]): Promise<void> {
  const missing: string[] = [];
  let p = file ? dirname(target) : target;
  while (p !== "/" && !await Deno.lstat(p).then(() => true, () => false)) {
    missing.unshift(p);
    p = dirname(p);
  }
  for (const dir of missing) {
    await Deno.mkdir(dir, { mode: 0o755 });
    created.push(dir);
  }
  if (file && !await Deno.lstat(target).then(() => true, () => false)) {
    await Deno.writeFile(target, new Uint8Array(), { mode: 0o644 });
    created.push(target);
  }
}

/**
 * The host-wide registry of mount points (all executors on the host share it: a mount point
 * one pod created may be another pod's mount target, even under another executor, and removing
 * it would detach that pod's mount). One file per sandbox, named by a hash of its directory.
 */
export const MOUNT_POINT_REGISTRY = "/run/k8sm/mount-points";

/** Name prefix of a record handed over by a removed pod whose mount points were still in use. */
const HANDED_OVER = "gone-";
/** How often a removal reads every record to find crashed sandboxes' leftovers. */
const STALE_SWEEP_MS = 60_000;
/** When each registry was last read in full. */
const lastSweep = new Map<string, number>();

/** What the registry holds for one sandbox: the host paths made for its mounts, its targets. */
interface MountRecord {
  sandbox: string;
  created: string[];
  targets: string[];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

async function recordPath(registry: string, sandboxDir: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(sandboxDir));
  const hex = [...new Uint8Array(digest)].slice(0, 16)
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  return join(registry, `${hex}.json`);
}

async function readRecord(path: string): Promise<MountRecord | undefined> {
  try {
    const v = JSON.parse(await Deno.readTextFile(path));
    return {
      sandbox: String(v?.sandbox ?? ""),
      created: strings(v?.created),
      targets: strings(v?.targets),
    };
  } catch {
    return undefined;
  }
}

/**
 * The plan for `mounts` of a container of the pod whose sandbox is `sandboxDir`; creates the
 * missing mount points (recorded in the registry for `removeMountPoints`). `asRoot` defaults to
 * whether the executor runs as root.
 */
export async function planProcessMounts(
  sandboxDir: string,
  mounts: HostMount[],
  asRoot = canMount(),
  registry = MOUNT_POINT_REGISTRY,
): Promise<MountPlan> {
  if (mounts.length === 0) return { prefix: [], script: "" };
  if (!asRoot || !await hasUnshare()) {
    const where = mounts.map((m) => `${m.target} is at ${m.source}`).join("; ");
    return {
      prefix: [],
      script: "",
      warning: `the process runtime cannot honour volume mountPaths here (${
        asRoot ? "unshare is missing" : "the executor does not run as root"
      }): ${where}`,
    };
  }
  const path = await recordPath(registry, sandboxDir);
  const known = await readRecord(path);
  const created = known?.created ?? [];
  const targets = known?.targets ?? [];
  const lines = ["set -e"];
  for (const m of mounts) {
    const file = (await Deno.stat(m.source).catch(() => undefined))?.isFile === true;
    await makeMountPoint(m.target, file, created);
    targets.push(m.target);
    lines.push(`mount --bind ${quote(m.source)} ${quote(m.target)}`);
    if (m.readOnly) lines.push(`mount -o remount,bind,ro ${quote(m.target)}`);
  }
  lines.push("set +e");
  const record: MountRecord = {
    sandbox: sandboxDir,
    created: [...new Set(created)],
    targets: [...new Set(targets)],
  };
  await Deno.mkdir(registry, { recursive: true });
  await Deno.writeTextFile(`${path}.tmp`, JSON.stringify(record));
  await Deno.rename(`${path}.tmp`, path);
  return { prefix: ["unshare", "-m", "--propagation", "private"], script: lines.join("; ") + "; " };
}

/**
 * Removes the mount points created for the pod of `sandboxDir`, and those left by sandboxes
 * that are gone (a crashed executor's, or a pod whose removal found them still in use):
 * deepest first, only empty directories and empty files, never one on the way to a mount
 * target of a sandbox that still exists. The pod's record is dropped before the others are
 * read, so of two pods removed at once the later one removes what they shared.
 */
export async function removeMountPoints(
  sandboxDir: string,
  registry = MOUNT_POINT_REGISTRY,
): Promise<void> {
  const mine = await recordPath(registry, sandboxDir);
  const own = await readRecord(mine);
  if (!own) return;
  await Deno.remove(mine).catch(() => {});
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(registry)) if (e.name.endsWith(".json")) names.push(e.name);
  } catch { /* an empty registry */ }
  // Reading every record is only needed when there is something to remove: this pod's own
  // mount points, a handed-over record, or (looked for once a minute) a crashed sandbox's.
  const sweep = Date.now() - (lastSweep.get(registry) ?? 0) > STALE_SWEEP_MS;
  if (own.created.length === 0 && !sweep && !names.some((n) => n.startsWith(HANDED_OVER))) {
    return;
  }
  lastSweep.set(registry, Date.now());
  const candidates = new Set(own.created);
  const inUse: string[] = [];
  const stale: string[] = [];
  {
    for (const name of names) {
      const path = join(registry, name);
      const rec = await readRecord(path);
      if (!rec) continue;
      if (await Deno.lstat(rec.sandbox).then(() => true, () => false)) inUse.push(...rec.targets);
      else {
        rec.created.forEach((p) => candidates.add(p));
        stale.push(path);
      }
    }
  }
  const used = (p: string) => inUse.some((t) => t === p || t.startsWith(`${p}/`));
  const kept: string[] = [];
  for (const p of [...candidates].sort((a, b) => b.length - a.length)) {
    if (used(p)) {
      kept.push(p);
      continue;
    }
    const info = await Deno.lstat(p).catch(() => undefined);
    if (!info || (info.isFile && info.size > 0)) continue;
    await Deno.remove(p).catch(() => {});
  }
  for (const path of stale) await Deno.remove(path).catch(() => {});
  if (kept.length > 0) {
    // Still some other pod's mount target: handed on as a gone sandbox's record.
    const handOver = join(
      registry,
      HANDED_OVER + basename(await recordPath(registry, `${sandboxDir}#${crypto.randomUUID()}`)),
    );
    const rec: MountRecord = { sandbox: `${sandboxDir}#gone`, created: kept, targets: [] };
    await Deno.writeTextFile(handOver, JSON.stringify(rec));
  }
}
