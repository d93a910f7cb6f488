/**
 * Writing manifest objects: create (POST, the seed's v1beta1 shapes to /api/v1beta1 as is) and
 * server-side apply (PATCH application/apply-patch+yaml with field manager `k8sm`).
 */
import type { KubeObject } from "../api/object.ts";
import { ApiError } from "./client_errors.ts";
import type { ManifestTarget } from "./manifest_target.ts";
import type { ResourceRef } from "./resource_path.ts";
import type { RestClient } from "./rest_client.ts";

/** The field manager k8sm writes with. */
export const FIELD_MANAGER = "k8sm";

/** What a write did, for the `pod/nginx created` line. */
export interface WriteResult {
  /** "pod", "replicationcontroller", … */
  singular: string;
  name: string;
  /** "created", "serverside-applied", … */
  action: string;
}

function nameOf(body: unknown, fallback: string): string {
  const b = typeof body === "object" && body !== null ? body as Record<string, unknown> : {};
  const meta = typeof b.metadata === "object" && b.metadata !== null
    ? b.metadata as Record<string, unknown>
    : {};
  if (typeof meta.name === "string" && meta.name !== "") return meta.name;
  if (typeof b.id === "string" && b.id !== "") return b.id;
  return fallback;
}

/** POSTs the object of `t` to its collection. */
export async function createObject(client: RestClient, t: ManifestTarget): Promise<WriteResult> {
  const query = t.legacy ? undefined : { fieldManager: FIELD_MANAGER, fieldValidation: "Strict" };
  const created = await client.create<KubeObject>({ ...t.ref, name: undefined }, t.body, query);
  return { singular: t.singular, name: nameOf(created, t.name), action: "created" };
}

/** Server-side applies the object of `t` (creating it when absent). */
export async function applyObject(
  client: RestClient,
  t: ManifestTarget,
  opts: { force?: boolean } = {},
): Promise<WriteResult> {
  if (t.legacy) {
    throw new Error(
      `apply needs v1 objects; ${t.kind} "${t.name}" is in the seed's v1beta1 shape: use "k8sm create -f" for it`,
    );
  }
  if (t.name === "") {
    throw new Error(`apply needs a metadata.name; the ${t.kind} object uses generateName or none`);
  }
  let applied: KubeObject;
  try {
    applied = await client.patch<KubeObject>(t.ref, t.body, "apply", {
      fieldManager: FIELD_MANAGER,
      fieldValidation: "Strict",
      force: opts.force ? "true" : "false",
    });
  } catch (e) {
    if (e instanceof ApiError && e.code === 415) {
      throw new Error(
        `server-side apply is not available on the server at ${client.config.server}; use "k8sm create -f" to create the objects`,
      );
    }
    if (e instanceof ApiError && e.code === 409 && e.reason === "Conflict" && !opts.force) {
      const fields = (e.status.details?.causes ?? []).map((c) =>
        `${c.field ?? ""} (${c.message ?? ""})`
      );
      if (fields.length > 0) {
        throw new Error(
          `Apply failed with ${fields.length} conflict${fields.length > 1 ? "s" : ""}: ${
            fields.join("; ")
          }; ` +
            `rerun with --force-conflicts to take ownership of these fields`,
        );
      }
    }
    throw e;
  }
  return { singular: t.singular, name: nameOf(applied, t.name), action: "serverside-applied" };
}

/** PATCHes the scale subresource of `ref` (an rc, Deployment, StatefulSet, …) to `replicas` (merge patch, as kubectl does). */
export async function scaleObject(
  client: RestClient,
  ref: ResourceRef,
  replicas: number,
): Promise<void> {
  await client.patch({ ...ref, subresource: "scale" }, { spec: { replicas } }, "merge");
}
