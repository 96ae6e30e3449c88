import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PhotoListItem, ReviewQuery } from '../../../shared/review-types.ts';
import type { CrispClient } from '../../api/crisp-client.ts';

export const PAGE_SIZE = 500;

export type ListQuery = Omit<ReviewQuery, 'offset' | 'limit'>;

export interface ReviewList {
  /** null until the first page arrives. */
  total: number | null;
  /** Changes whenever items change, for memoised children. */
  version: number;
  itemAt(index: number): PhotoListItem | undefined;
  /** Loads the pages covering [start, end]. */
  ensure(start: number, end: number): void;
  /** Index of a loaded photo, or -1. */
  indexOf(photoId: number): number;
  patch(photoIds: number[], patch: Partial<PhotoListItem>): void;
  /** Re-fetches the loaded pages in place (no flash of empty grid). */
  reload(): Promise<void>;
}

/** The review query as a sparse, paged list: only the pages the grid shows are fetched. */
export function useReviewList(client: CrispClient, query: ListQuery | null): ReviewList {
  const key = query ? JSON.stringify(query) : null;
  const pages = useRef(new Map<number, PhotoListItem[]>());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [version, setVersion] = useState(0);

  const fetchPage = useCallback(async (page: number, gen: number) => {
    if (!key) return;
    const q = JSON.parse(key) as ListQuery;
    const result = await client.call('photos:query', { ...q, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
    if (gen !== generation.current) return;
    pages.current.set(page, result.items);
    setTotal(result.total);
    setVersion((v) => v + 1);
  }, [client, key]);

  const load = useCallback((page: number) => {
    if (pages.current.has(page) || loading.current.has(page)) return;
    const gen = generation.current;
    loading.current.add(page);
    fetchPage(page, gen).catch(() => {}).finally(() => {
      if (gen === generation.current) loading.current.delete(page);
    });
  }, [fetchPage]);

  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    loading.current = new Set();
    setTotal(null);
    setVersion((v) => v + 1);
    if (key) load(0);
  }, [key, load]);

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    loading.current = new Set();
    const loaded = pages.current.size ? [...pages.current.keys()] : [0];
    await Promise.all(loaded.map((p) => fetchPage(p, gen).catch(() => {})));
  }, [fetchPage]);

  return useMemo<ReviewList>(() => ({
    total,
    version,
    itemAt: (i) => pages.current.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE],
    ensure(start, end) {
      if (total === null) return;
      const last = Math.min(end, total - 1);
      for (let p = Math.floor(Math.max(0, start) / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) load(p);
    },
    indexOf(photoId) {
      for (const [page, items] of pages.current) {
        const i = items.findIndex((it) => it.id === photoId);
        if (i >= 0) return page * PAGE_SIZE + i;
      }
      return -1;
    },
    patch(photoIds, change) {
      const ids = new Set(photoIds);
      for (const [page, items] of pages.current) {
        if (items.some((it) => ids.has(it.id))) {
          pages.current.set(page, items.map((it) => (ids.has(it.id) ? { ...it, ...change } : it)));
        }
      }
      setVersion((v) => v + 1);
    },
    reload,
  }), [total, version, load, reload]);
}
