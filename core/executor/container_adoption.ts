/**
 * What a pod worker finds of its pod in the runtime: containers left by an earlier executor are
 * adopted (the newest attempt of each spec container, running or exited), older attempts and
 * containers the spec no longer names are removed. Also prunes attempts after a restart, keeping
 * the previous one for `logs --previous`.
 */
import { logger } from "../util/log.ts";
import type { ContainerSlot } from "./container_slot.ts";
import { containerIdOf, type Runtime } from "./runtime.ts";

const log = logger("pod-worker");

/**
 * Adopts the pod's existing containers into `slots`; returns the slots whose adopted container
 * still runs (their probes must start).
 */
export async function adoptContainers(
  rt: Runtime,
  podUid: string,
  podName: string,
  slots: ContainerSlot[],
): Promise<ContainerSlot[]> {
  const found = await rt.listPodContainers({ podUid, includeSandboxes: false });
  const running: ContainerSlot[] = [];
  for (const slot of slots) {
    const mine = found.filter((c) => c.containerName === slot.name)
      .sort((a, b) => b.ref.attempt - a.ref.attempt);
    const newest = mine[0];
    if (!newest) continue;
    for (const old of mine.slice(2)) await rt.removeContainer(old.ref).catch(() => {});
    const inspect = await rt.inspectContainer(newest.ref);
    slot.imageID = inspect.imageId ?? "";
    slot.markRunning(newest.ref, containerIdOf(rt, newest.ref), inspect.startedAt);
    log.info(`pod ${podName}: adopted container "${slot.name}" (${newest.ref.id})`);
    if (inspect.state === "running") running.push(slot);
    else slot.markTerminated(inspect);
  }
  const names = new Set(slots.map((s) => s.name));
  for (const c of found) {
    if (!names.has(c.containerName)) await rt.removeContainer(c.ref).catch(() => {});
  }
  return running;
}

/** Removes attempts of `containerName` older than `keepFrom` (best effort). */
export async function pruneAttempts(
  rt: Runtime,
  podUid: string,
  containerName: string,
  keepFrom: number,
): Promise<void> {
  try {
    const all = await rt.listPodContainers({ podUid, includeSandboxes: false });
    await Promise.all(
      all.filter((c) => c.containerName === containerName && c.ref.attempt < keepFrom)
        .map((c) => rt.removeContainer(c.ref)),
    );
  } catch (e) {
    log.v(
      1,
      `pruning old attempts of "${containerName}" failed: ${e instanceof Error ? e.message : e}`,
    );
  }
}
