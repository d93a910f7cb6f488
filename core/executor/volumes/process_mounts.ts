/**
 * Volume mounts for the process runtime. As root, a container's shell runs under
 * `unshare -m --propagation private` and bind-mounts each volume at its `mountPath` (read-only
 * when asked) before exec'ing the command: the mounts exist only in that private mount
 * namespace and vanish with its last process. Mount points missing on the host are created
 * first and recorded, and removed with the pod (unless another pod's record still names them).
 * Without root (or without unshare) nothing is mounted: the container starts with its volumes
 * only at their host paths, and the caller reports that in the pod status.
 */
import { dirname, join } from "node:path";
import type { HostMount } from "../runtime.ts";
import { canMount } from "./host_mounts.ts";

/** The file in a process sandbox listing the mount points created on the host for it. */
export const CREATED_MOUNT_POINTS = "mountpoints.json";

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

/** What a sandbox records: the host paths made for its mounts, and every mount target. */
interface MountRecord {
  created: string[];
  targets: string[];
}

async function readRecord(sandboxDir: string): Promise<MountRecord> {
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  try {
    const v = JSON.parse(await Deno.readTextFile(join(sandboxDir, CREATED_MOUNT_POINTS)));
    return { created: strings(v?.created), targets: strings(v?.targets) };
  } catch {
    return { created: [], targets: [] };
  }
}

/**
 * The plan for `mounts` of a container of the pod whose sandbox is `sandboxDir`; creates the
 * missing mount points (recorded in the sandbox for `removeMountPoints`). `asRoot` defaults to
 * whether the executor runs as root.
 */
export async function planProcessMounts(
  sandboxDir: string,
  mounts: HostMount[],
  asRoot = canMount(),
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
  const { created, targets } = await readRecord(sandboxDir);
  const lines = ["set -e"];
  for (const m of mounts) {
    const file = (await Deno.stat(m.source).catch(() => undefined))?.isFile === true;
    await makeMountPoint(m.target, file, created);
    targets.push(m.target);
    lines.push(`mount --bind ${quote(m.source)} ${quote(m.target)}`);
    if (m.readOnly) lines.push(`mount -o remount,bind,ro ${quote(m.target)}`);
  }
  lines.push("set +e");
  const record: MountRecord = { created: [...new Set(created)], targets: [...new Set(targets)] };
  await Deno.writeTextFile(join(sandboxDir, CREATED_MOUNT_POINTS), JSON.stringify(record));
  return { prefix: ["unshare", "-m", "--propagation", "private"], script: lines.join("; ") + "; " };
}

/**
 * Removes the mount points created for the pod of `sandboxDir` (deepest first, only empty
 * directories and empty files), except those on the way to a mount target another sandbox
 * under `podsDir` records (removing those would detach that pod's mounts).
 */
export async function removeMountPoints(podsDir: string, sandboxDir: string): Promise<void> {
  const mine = (await readRecord(sandboxDir)).created;
  if (mine.length === 0) return;
  const others: string[] = [];
  try {
    for await (const e of Deno.readDir(podsDir)) {
      const dir = join(podsDir, e.name);
      if (dir !== sandboxDir) others.push(...(await readRecord(dir)).targets);
    }
  } catch { /* no other sandboxes */ }
  const used = (p: string) => others.some((t) => t === p || t.startsWith(`${p}/`));
  for (const p of [...mine].sort((a, b) => b.length - a.length)) {
    if (used(p)) continue;
    const info = await Deno.lstat(p).catch(() => undefined);
    if (!info || (info.isFile && info.size > 0)) continue;
    await Deno.remove(p).catch(() => {});
  }
}
