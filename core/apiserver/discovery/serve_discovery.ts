/**
 * Routes discovery requests (`/api`, `/apis`, `/api/v1`, `/apis/GROUP`, `/apis/GROUP/VERSION`)
 * to their documents, choosing the
 * aggregated or legacy form from the Accept header. A pure function the request handler calls.
 */

import {
  acceptsAggregatedDiscovery,
  AGGREGATED_DISCOVERY_CONTENT_TYPE,
  aggregatedCoreDiscovery,
  aggregatedGroupsDiscovery,
} from "./aggregated_discovery.ts";
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from "./legacy_discovery.ts";

/** A discovery answer: always 200 with a JSON body and the content type to send. */
export interface DiscoveryResponse {
  contentType: string;
  body: Record<string, unknown>;
}

/**
 * The discovery document for a GET of `path`, or undefined if `path` is not a discovery path.
 * `host` is the request's Host header (for APIVersions' serverAddress).
 */
export function serveDiscovery(
  path: string,
  accept: string | null | undefined,
  host = "127.0.0.1",
): DiscoveryResponse | undefined {
  const p = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  const aggregated = acceptsAggregatedDiscovery(accept);
  const json = "application/json";
  switch (p) {
    case "/api":
      return aggregated
        ? { contentType: AGGREGATED_DISCOVERY_CONTENT_TYPE, body: aggregatedCoreDiscovery() }
        : { contentType: json, body: apiVersions(host) };
    case "/apis":
      return aggregated
        ? { contentType: AGGREGATED_DISCOVERY_CONTENT_TYPE, body: aggregatedGroupsDiscovery() }
        : { contentType: json, body: apiGroupList() };
    case "/api/v1": {
      const body = apiResourceList();
      return body && { contentType: json, body };
    }
  }
  const segs = p.split("/");
  if (segs[1] !== "apis" || segs.length < 3 || segs.length > 4) return undefined;
  const body = segs.length === 3 ? apiGroup(segs[2]) : apiResourceList(segs[2], segs[3]);
  return body && { contentType: json, body };
}
