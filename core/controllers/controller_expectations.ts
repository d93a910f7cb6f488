/**
 * Expectations of a controller: how many pod creations and deletions it has asked for and not
 * yet seen through its informer. Until they are met (or expire), the controller does not act
 * again on the same controller, so watch lag never makes it create or delete twice.
 */

interface Expectation {
  adds: number;
  deletes: number;
  /** Names of pods whose deletion is expected (so a DELETED event lowers the count once). */
  deleting: Set<string>;
  setAt: number;
}

/** Pending creations and deletions per controller key. */
export class ControllerExpectations {
  readonly #byKey = new Map<string, Expectation>();

  /** Expectations older than this count as met (a lost watch event must not stall a controller). */
  constructor(readonly ttlMs = 5 * 60_000) {}

  /** Records that `adds` pods are being created for `key` and `deleting` are being deleted. */
  expect(key: string, adds: number, deleting: string[] = []): void {
    this.#byKey.set(key, {
      adds,
      deletes: deleting.length,
      deleting: new Set(deleting),
      setAt: Date.now(),
    });
  }

  /** A creation was observed (or one that was asked for failed). */
  creationObserved(key: string): void {
    const e = this.#byKey.get(key);
    if (e && e.adds > 0) e.adds--;
  }

  /** A deletion of `podName` was observed (or asking for it failed). */
  deletionObserved(key: string, podName: string): void {
    const e = this.#byKey.get(key);
    if (e && e.deleting.delete(podName)) e.deletes--;
  }

  /** True when nothing is pending for `key` (or what is pending has expired). */
  satisfied(key: string, now = Date.now()): boolean {
    const e = this.#byKey.get(key);
    if (!e) return true;
    return (e.adds <= 0 && e.deletes <= 0) || now - e.setAt > this.ttlMs;
  }

  /** What is still pending for `key`, for logs and tests. */
  pending(key: string): { adds: number; deletes: number } {
    const e = this.#byKey.get(key);
    return { adds: Math.max(0, e?.adds ?? 0), deletes: Math.max(0, e?.deletes ?? 0) };
  }

  /** Forgets `key` (its controller was deleted). */
  forget(key: string): void {
    this.#byKey.delete(key);
  }
}
