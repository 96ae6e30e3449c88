import { useEffect, useRef, useState } from 'react';
import type { BlurHistogram } from '../../../shared/review-types.ts';
import type { CrispClient } from '../../api/crisp-client.ts';
import { HISTOGRAM_BINS } from './blur-histogram.tsx';

const LIVE_REFRESH_MS = 1500;

/** The blur histogram for a library (or all), refreshed while a scan scores photos. */
export function useHistogram(client: CrispClient, libraryId: number | undefined, threshold: number | null, version: number): BlurHistogram | null {
  const [histogram, setHistogram] = useState<BlurHistogram | null>(null);
  const [tick, setTick] = useState(0);
  const pending = useRef(false);

  useEffect(() => client.on('photo:scored', (e) => {
    if (pending.current || (libraryId !== undefined && e.libraryId !== libraryId)) return;
    pending.current = true;
    setTimeout(() => { pending.current = false; setTick((t) => t + 1); }, LIVE_REFRESH_MS);
  }), [client, libraryId]);

  useEffect(() => {
    if (threshold === null) return;
    let live = true;
    client.callWith({ quiet: true }, 'photos:histogram', { libraryId, threshold, bins: HISTOGRAM_BINS })
      .then((h) => { if (live) setHistogram(h); }, () => {});
    return () => { live = false; };
  }, [client, libraryId, threshold, version, tick]);

  return histogram;
}
