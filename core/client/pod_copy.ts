/**
 * `k8sm cp` as kubectl does it: tar through exec. Into a pod, the local `tar` packs the file or
 * directory under the destination's name and the container runs `tar -xmf - -C DIR` on stdin; out
 * of a pod, the container runs `tar cf - -C DIR NAME` and the local `tar` unpacks it under the
 * local name. Bytes stream both ways without being held in memory.
 */
import type { RestConfig } from "./rest_client.ts";
import { runRemoteCommand } from "./remote_command.ts";

/** One side of a copy: a local path, or `[NAMESPACE/]POD:PATH`. */
export type CopyEnd = { local: string } | { namespace?: string; pod: string; path: string };

/** Parses a `cp` argument (`POD:PATH`, `NS/POD:PATH`, else a local path). */
export function parseCopyEnd(arg: string): CopyEnd {
  const m = /^(?:([a-z0-9.-]+)\/)?([a-z0-9.-]+):(.+)$/.exec(arg);
  if (!m || arg.startsWith("/") || arg.startsWith(".")) return { local: arg };
  return { namespace: m[1], pod: m[2], path: m[3] };
}

function split(path: string): { dir: string; base: string } {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const i = trimmed.lastIndexOf("/");
  const base = trimmed.slice(i + 1);
  if (base === "" || base === "." || base === "..") {
    throw new Error(`"${path}" names no file or directory to copy; name one (e.g. /tmp/data)`);
  }
  return { dir: i < 0 ? "." : i === 0 ? "/" : trimmed.slice(0, i), base };
}

/** GNU tar's --transform renaming the top entry `from` (and what is under it) to `to`. */
function rename(from: string, to: string): string {
  const pattern = from.replace(/[\\,.*[\]^$]/g, (c) => `\\${c}`);
  const replacement = to.replace(/[\\,&]/g, (c) => `\\${c}`);
  return `--transform=s,^${pattern}\\(/\\|$\\),${replacement}\\1,`;
}

/** Where the copy happens and how the remote stderr is shown. */
export interface PodCopyOptions {
  namespace: string;
  container?: string;
  stderr(bytes: Uint8Array): Promise<void>;
}

/** Copies `from` to `to` (exactly one of them in a pod); throws with the failing side's message. */
export async function podCopy(
  config: RestConfig,
  from: CopyEnd,
  to: CopyEnd,
  o: PodCopyOptions,
): Promise<void> {
  if ("local" in from && "pod" in to) {
    const src = split(from.local);
    const dst = split(to.path);
    const tar = new Deno.Command("tar", {
      args: ["cf", "-", "-C", src.dir, rename(src.base, dst.base), src.base],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const localErr = new Response(tar.stderr).text();
    const code = await runRemoteCommand(config, {
      namespace: to.namespace ?? o.namespace,
      pod: to.pod,
      container: o.container,
      command: ["tar", "-xmf", "-", "-C", dst.dir],
      stdin: tar.stdout,
      stdout: o.stderr,
      stderr: o.stderr,
    });
    if (!(await tar.status).success) {
      throw new Error(`cannot read ${from.local}: ${(await localErr).trim()}`);
    }
    if (code !== 0) throw new Error(`tar in pod ${to.pod} failed with exit code ${code}`);
    return;
  }
  if ("pod" in from && "local" in to) {
    const src = split(from.path);
    const dst = split(to.local);
    const tar = new Deno.Command("tar", {
      args: ["xf", "-", "-C", dst.dir, rename(src.base, dst.base)],
      stdin: "piped",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const localErr = new Response(tar.stderr).text();
    const writer = tar.stdin.getWriter();
    let code: number;
    try {
      code = await runRemoteCommand(config, {
        namespace: from.namespace ?? o.namespace,
        pod: from.pod,
        container: o.container,
        command: ["tar", "cf", "-", "-C", src.dir, src.base],
        stdout: (b) => writer.write(b),
        stderr: o.stderr,
      });
    } finally {
      await writer.close().catch(() => {});
    }
    const ok = (await tar.status).success;
    if (code !== 0) throw new Error(`tar in pod ${from.pod} failed with exit code ${code}`);
    if (!ok) throw new Error(`cannot write ${to.local}: ${(await localErr).trim()}`);
    return;
  }
  throw new Error(
    "k8sm cp copies between this machine and a pod: write exactly one side as POD:PATH",
  );
}
