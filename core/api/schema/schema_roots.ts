/**
 * The kinds that get a generated schema: every served resource's kind, the kinds its
 * subresources speak (autoscaling/v1 Scale, authentication.k8s.io/v1 TokenRequest) and the
 * request bodies validated on their own (meta/v1 DeleteOptions).
 */
import { RESOURCES } from "../kinds.ts";
import type { SchemaRoot } from "./schema_generator.ts";

/** Every root of the schema generator, without duplicates, core/v1 first. */
export function schemaRoots(): SchemaRoot[] {
  const out: SchemaRoot[] = [];
  const add = (r: SchemaRoot) => {
    if (!out.some((o) => o.group === r.group && o.version === r.version && o.kind === r.kind)) {
      out.push(r);
    }
  };
  for (const r of RESOURCES) {
    add({ group: r.group, version: r.version, kind: r.kind });
    for (const sub of Object.values(r.subresources)) {
      const [group, version] = sub.apiVersion?.includes("/")
        ? sub.apiVersion.split("/")
        : [r.group, sub.apiVersion ?? r.version];
      add({ group, version, kind: sub.kind });
    }
  }
  add({ group: "meta.k8s.io", version: "v1", kind: "DeleteOptions", gvk: false });
  return out;
}
