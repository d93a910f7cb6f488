/**
 * Reading a whole collection in pages, as client-go's pager does: `limit` items at a time,
 * following `metadata.continue` on the server's snapshot; when the snapshot has expired
 * midway (410), the list is read again in one request without a limit.
 */
import type { KubeList, KubeObject } from "../api/object.ts";
import { isExpired } from "./client_errors.ts";

/** The page size k8sm's client and informers list with (kubectl's chunk size). */
export const LIST_PAGE_SIZE = 500;

/** The query of one page request. */
export interface PageQuery {
  limit?: number;
  continue?: string;
}

/** Every item of a collection, fetched page by page through `fetchPage`. */
export async function listAllPages<T extends KubeObject>(
  fetchPage: (query: PageQuery) => Promise<KubeList<T>>,
  limit: number,
): Promise<KubeList<T>> {
  const first = await fetchPage({ limit });
  let token = first.metadata?.continue;
  if (!token) return first;
  const items = [...first.items ?? []];
  while (token) {
    let page: KubeList<T>;
    try {
      page = await fetchPage({ limit, continue: token });
    } catch (e) {
      if (!isExpired(e)) throw e;
      // The snapshot is gone (compacted): one consistent list without paging instead.
      return await fetchPage({});
    }
    items.push(...page.items ?? []);
    token = page.metadata?.continue;
  }
  const { continue: _c, remainingItemCount: _r, ...metadata } = first.metadata ?? {};
  return { ...first, metadata, items };
}
