import { useEffect, useRef, useState } from 'react';
import type { PhotoDetail, Siblings } from '../../../shared/review-types.ts';
import type { CrispClient } from '../../api/crisp-client.ts';

const CACHE_LIMIT = 64;

/**
 * photos:get / photos:siblings for one id, cached so stepping back and forth through a burst
 * doesn't re-ask the database. Decisions aren't read from here, so staleness doesn't matter.
 */
function useCached<T>(fetch: (id: number) => Promise<T>, id: number | null): T | null {
  const cache = useRef(new Map<number, T>());
  const [, rerender] = useState(0);
  useEffect(() => {
    if (id === null || cache.current.has(id)) return;
    let live = true;
    fetch(id).then((value) => {
      if (cache.current.size >= CACHE_LIMIT) cache.current.delete(cache.current.keys().next().value!);
      cache.current.set(id, value);
      if (live) rerender((n) => n + 1);
    }, () => {});
    return () => { live = false; };
  }, [fetch, id]);
  return id === null ? null : cache.current.get(id) ?? null;
}

export function usePhotoDetail(client: CrispClient, id: number | null): PhotoDetail | null {
  const fetchRef = useRef((photoId: number) => client.callWith({ quiet: true }, 'photos:get', { photoId }));
  return useCached(fetchRef.current, id);
}

export function useSiblings(client: CrispClient, id: number | null): Siblings | null {
  const fetchRef = useRef((photoId: number) => client.callWith({ quiet: true }, 'photos:siblings', { photoId }));
  return useCached(fetchRef.current, id);
}
