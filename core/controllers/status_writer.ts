/**
 * How controllers write an object's status: a PUT of the status subresource, without a
 * resourceVersion (the controller's view wins) unless `guarded` (a conflict then fails the
 * sync, which retries); an object deleted meanwhile is not an error.
 */
import type { KubeObject } from "../api/object.ts";
import { describeError, isNotFound } from "../client/client_errors.ts";
import { objectKey } from "../client/informer.ts";
import type { RestClient } from "../client/rest_client.ts";

/** Where objects of a kind live: their resource and API version. */
export interface Collection {
  resource: string;
  groupVersion: string;
}

/** Writes `status` as the status of `obj` (of `collection`). */
export async function writeStatus(
  client: RestClient,
  collection: Collection,
  obj: KubeObject,
  status: unknown,
  guarded = false,
): Promise<void> {
  const meta = obj.metadata;
  try {
    await client.update(
      { ...collection, namespace: meta.namespace, name: meta.name, subresource: "status" },
      {
        ...obj,
        metadata: { ...meta, resourceVersion: guarded ? meta.resourceVersion : undefined },
        status,
      },
    );
  } catch (e) {
    if (isNotFound(e)) return;
    throw new Error(
      `writing the status of ${collection.resource} ${objectKey(obj)} failed: ${describeError(e)}`,
    );
  }
}
