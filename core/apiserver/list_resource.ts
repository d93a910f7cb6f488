/**
 * LIST of one resource: validates the list query (see parseListQuery), reads one page of a
 * consistent snapshot from the registry (limit/continue, resourceVersionMatch=Exact), and
 * answers with a Table when a shaper asks for one, else a list streamed from the cache's bytes.
 */
import { apiVersionOf } from "../api/kinds.ts";
import type { KubeObject } from "../api/object.ts";
import * as errors from "../api/status.ts";
import { collectionPrefix } from "../registry/keys.ts";
import type { EntryList, ListOptions, Registry } from "../registry/registry.ts";
import { RevisionExpiredError } from "../registry/watch_cache.ts";
import { CONTINUE_EXPIRED, decodeContinue, encodeContinue } from "./continue_token.ts";
import { parseListQuery, parseSelectors } from "./list_options.ts";
import type { ResponseShaper, ShapeContext } from "./response_shaper.ts";
import { jsonText, type ListMetaExtra, listStream } from "./responses.ts";
import type { RequestInfo } from "./request_info.ts";

const JSON_TYPE = { "content-type": "application/json" };

/** Serves a LIST request of `reg`'s resource. */
export async function listResource(
  ctx: { shapers: ResponseShaper[] },
  reg: Registry,
  ri: RequestInfo,
  q: URLSearchParams,
  shape: ShapeContext,
): Promise<Response> {
  const lq = parseListQuery(q, false);
  const selectors = parseSelectors(q, ri.info);
  const prefix = collectionPrefix(ri.info, ri.namespace);
  const opts: ListOptions = { ...selectors, resourceVersion: lq.resourceVersion, limit: lq.limit };
  if (lq.continue !== "") opts.continueFrom = decodeContinue(lq.continue, prefix);
  else if (lq.resourceVersionMatch === "Exact") {
    opts.continueFrom = { revision: Number(lq.resourceVersion), start: prefix };
  }
  let list: EntryList;
  try {
    list = await reg.list(ri.namespace, opts);
  } catch (e) {
    if (!(e instanceof RevisionExpiredError)) throw e;
    if (lq.continue === "") {
      throw errors.expired(`too old resource version: ${e.requested} (${e.oldest})`);
    }
    throw errors.expired(CONTINUE_EXPIRED);
  }
  const extra: ListMetaExtra = {};
  if (list.continueKey !== undefined) {
    extra.continue = encodeContinue(prefix, list.revision, list.continueKey);
    if (list.remaining !== undefined) extra.remainingItemCount = list.remaining;
  }
  for (const s of ctx.shapers) {
    const objects = () => list.entries.map((e) => JSON.parse(e.json) as KubeObject);
    const body = s.list?.(shape, objects, list.revision);
    if (body !== undefined) return jsonText(200, withListMeta(body, extra));
  }
  const stream = listStream(
    ri.info.listKind,
    list.revision,
    list.entries,
    apiVersionOf(ri.info),
    extra,
  );
  return new Response(stream, { status: 200, headers: JSON_TYPE });
}

/** A shaped list body (a Table) with the page's continue/remainingItemCount in its metadata. */
function withListMeta(body: string, extra: ListMetaExtra): string {
  if (extra.continue === undefined) return body;
  const doc = JSON.parse(body) as { metadata?: Record<string, unknown> };
  doc.metadata = { ...doc.metadata, ...extra };
  return JSON.stringify(doc);
}
