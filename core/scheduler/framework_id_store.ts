/**
 * Keeps the Mesos framework id in the store (key `/registry/k8sm/framework-id`) so a restarted
 * or failed-over scheduler subscribes as the same framework and keeps its tasks.
 */
import { isStoreError, type Store, type StoredObject } from "../storage/store.ts";

/** The store key of the framework id. */
export const FRAMEWORK_ID_KEY = "/registry/k8sm/framework-id";

interface FrameworkIdRecord extends StoredObject {
  frameworkId: string;
}

/** Loads, saves and clears the persisted framework id. */
export class FrameworkIdStore {
  constructor(readonly store: Store, readonly key: string = FRAMEWORK_ID_KEY) {}

  /** The saved framework id, or undefined when none was saved. */
  async load(): Promise<string | undefined> {
    const rec = await this.store.get<FrameworkIdRecord>(this.key);
    return rec?.frameworkId || undefined;
  }

  /** Saves `id` (no write when it is already saved). */
  async save(id: string): Promise<void> {
    const value: FrameworkIdRecord = { metadata: { name: "framework-id" }, frameworkId: id };
    try {
      await this.store.create(this.key, value);
    } catch (e) {
      if (!isStoreError(e, "AlreadyExists")) throw e;
      await this.store.update<FrameworkIdRecord>(
        this.key,
        (cur) => cur.frameworkId === id ? cur : { ...cur, frameworkId: id },
      );
    }
  }

  /** Forgets the saved id (Mesos removed the framework). */
  async clear(): Promise<void> {
    try {
      await this.store.delete(this.key);
    } catch (e) {
      if (!isStoreError(e, "NotFound")) throw e;
    }
  }
}
