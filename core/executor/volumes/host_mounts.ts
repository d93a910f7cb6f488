/**
 * Host mounts the executor makes for volumes: a tmpfs for `emptyDir.medium: Memory` (only as
 * root; otherwise the volume is a plain directory and the caller is told so), and their removal
 * by scanning /proc/self/mountinfo for anything mounted under a pod's directory.
 */
import { logger } from "../../util/log.ts";

const log = logger("volumes");

/** True when the executor may mount (runs as root). */
export function canMount(): boolean {
  return Deno.uid() === 0;
}

/** Mount points below (or at) `dir`, deepest first, from /proc/self/mountinfo. */
export async function mountsUnder(dir: string): Promise<string[]> {
  let text = "";
  try {
    text = await Deno.readTextFile("/proc/self/mountinfo");
  } catch {
    return [];
  }
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  const points = text.split("\n").map((l) => l.split(" ")[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p) => p === dir || p.startsWith(prefix));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

async function run(cmd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr).trim()}`,
    );
  }
}

/**
 * Mounts a tmpfs of `sizeBytes` (none: half the RAM, the kernel's default) at `dir` unless one
 * is there already. Without root it logs once and leaves `dir` a plain directory.
 */
export async function mountTmpfs(dir: string, sizeBytes?: number): Promise<void> {
  if ((await mountsUnder(dir)).includes(dir)) return;
  if (!canMount()) {
    log.warn(`emptyDir ${dir}: medium Memory needs root for a tmpfs; using a plain directory`);
    return;
  }
  const opts = [
    "mode=0777",
    ...(sizeBytes ? [`size=${Math.max(4096, Math.ceil(sizeBytes))}`] : []),
  ];
  await run("mount", ["-t", "tmpfs", "-o", opts.join(","), "tmpfs", dir]);
}

/** Unmounts everything mounted under `dir` (deepest first; lazily when busy). */
export async function unmountUnder(dir: string): Promise<void> {
  for (const point of await mountsUnder(dir)) {
    try {
      await run("umount", [point]);
    } catch {
      await run("umount", ["-l", point]).catch((e) =>
        log.warn(`cannot unmount ${point}: ${e instanceof Error ? e.message : e}`)
      );
    }
  }
}
