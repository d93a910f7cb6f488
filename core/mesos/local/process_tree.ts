/**
 * A process's descendants, found through Linux /proc: what a Mesos containerizer kills when it
 * destroys a container. mesos-local has no cgroups, and a k8sm executor's process-runtime pods
 * run in sessions of their own, so killing the executor's process group alone left them running
 * (e.g. after MARK_AGENT_GONE). Elsewhere (no /proc) the list is empty.
 */

/** The pids of every live descendant of `pid` (children, grandchildren…), parents first. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  try {
    for (const entry of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      const ppid = parentOf(Number(entry.name));
      if (ppid === undefined) continue;
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry.name)]);
    }
  } catch {
    return [];
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (out.includes(next)) continue;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/** The parent pid from /proc/PID/stat, or undefined when the process is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/** SIGKILLs each of `pids`, ignoring those already gone. */
export function killEach(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
