import { useEffect, useRef } from 'react';
import type { CrispClient } from '../../api/crisp-client.ts';

const KEEP = 6;

/**
 * Fetches and decodes the full images of the photos next to the active one while the user looks
 * at it, so stepping with ← → shows the next full preview at once instead of waiting on the disk
 * and the JPEG decoder. The decoded images are held (a few at most) so the browser keeps them.
 */
export function usePreloadNeighbours(client: CrispClient, ids: (number | undefined)[], enabled: boolean): void {
  const held = useRef(new Map<number, HTMLImageElement>());
  const key = ids.join(',');
  useEffect(() => {
    if (!enabled) return;
    const cache = held.current;
    for (const id of ids) {
      if (id === undefined || cache.has(id)) continue;
      const img = new Image();
      img.decoding = 'async';
      img.src = client.mediaUrl('photo', id);
      img.decode().catch(() => {});
      cache.set(id, img);
    }
    while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
    // ids is represented by key.
  }, [client, key, enabled]);
}
