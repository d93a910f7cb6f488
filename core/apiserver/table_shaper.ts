/** The ResponseShaper for `Accept: application/json;as=Table;g=meta.k8s.io;v=v1` (kubectl get). */
import type { KubeObject } from "../api/object.ts";
import { acceptsTable, parseIncludeObject, tableWatchEvent, toTable } from "./tables/to_table.ts";
import type { ResponseShaper } from "./response_shaper.ts";

/** Renders lists, objects and watch events as meta.k8s.io Tables when asked to. */
export const tableShaper: ResponseShaper = {
  list(ctx, objects, revision) {
    const version = acceptsTable(ctx.accept);
    if (version === undefined) return undefined;
    return JSON.stringify(toTable(ctx.info.resource, objects(), {
      version,
      includeObject: parseIncludeObject(ctx.query.get("includeObject")),
      resourceVersion: String(revision),
    }));
  },
  object(ctx, obj) {
    const version = acceptsTable(ctx.accept);
    if (version === undefined) return undefined;
    const o = obj();
    return JSON.stringify(toTable(ctx.info.resource, [o], {
      version,
      includeObject: parseIncludeObject(ctx.query.get("includeObject")),
      resourceVersion: o.metadata.resourceVersion,
    }));
  },
  watch(ctx) {
    const version = acceptsTable(ctx.accept);
    if (version === undefined) return undefined;
    const includeObject = parseIncludeObject(ctx.query.get("includeObject"));
    return (type, json, first) =>
      JSON.stringify(
        tableWatchEvent(
          ctx.info.resource,
          { type, object: JSON.parse(json) as KubeObject },
          first,
          {
            version,
            includeObject,
          },
        ).object,
      );
  },
};
