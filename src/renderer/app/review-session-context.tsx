import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { BlurType, } from '../../shared/photo-types.ts';
import type { Decision, ReviewSort } from '../../shared/review-types.ts';
import { useClient } from '../api/client-context.tsx';
import { useLibraries } from './libraries-context.tsx';

export interface ReviewFilters {
  libraryId?: number;
  dateFrom?: string;
  dateTo?: string;
  blurType?: BlurType;
  decision?: Decision | 'undecided';
  minRating?: number;
  label?: string;
}

export type ReviewMode = 'grid' | 'compare' | 'loupe' | 'survey';
/** Flagged: what the model flags, blurriest first (the default). All: the whole shoot, bursts as stacks. */
export type ReviewView = 'flagged' | 'all';

/** Review state that outlives the review screen, so leaving for the trash review and coming back resumes in place. */
interface ReviewSession {
  filters: ReviewFilters;
  setFilters(f: ReviewFilters): void;
  activeIndex: number;
  setActiveIndex(i: number): void;
  mode: ReviewMode;
  setMode(m: ReviewMode): void;
  view: ReviewView;
  setView(v: ReviewView): void;
  sort: ReviewSort;
  setSort(s: ReviewSort): void;
  /** The burst opened from its stack in the all-photos view. */
  openBurst: string | undefined;
  setOpenBurst(b: string | undefined): void;
  /** Photos picked for N-up compare, in the order picked. */
  selection: number[];
  setSelection(ids: number[]): void;
  trashCount: number;
  refreshTrashCount(): void;
}

const ReviewSessionContext = createContext<ReviewSession | null>(null);

export function ReviewSessionProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const { dataVersion } = useLibraries();
  const [filters, setFiltersState] = useState<ReviewFilters>({});
  const [activeIndex, setActiveIndex] = useState(0);
  const [mode, setMode] = useState<ReviewMode>('grid');
  const [view, setViewState] = useState<ReviewView>('flagged');
  const [sorts, setSorts] = useState<Record<ReviewView, ReviewSort>>({ flagged: 'score', all: 'time' });
  const [openBurst, setOpenBurst] = useState<string | undefined>(undefined);
  const [selection, setSelection] = useState<number[]>([]);
  const setView = useCallback((v: ReviewView) => {
    setViewState(v);
    setOpenBurst(undefined);
    setActiveIndex(0);
  }, []);
  const setSort = useCallback((sort: ReviewSort) => {
    setSorts((all) => ({ ...all, [view]: sort }));
    setActiveIndex(0);
  }, [view]);
  const [trashCount, setTrashCount] = useState(0);

  const setFilters = useCallback((f: ReviewFilters) => {
    setFiltersState(f);
    setActiveIndex(0);
  }, []);

  const refreshTrashCount = useCallback(() => {
    // Threshold is irrelevant with flaggedOnly off; the schema still wants one.
    client.callWith({ quiet: true }, 'photos:query', { threshold: 0.5, flaggedOnly: false, decision: 'trash', offset: 0, limit: 1 })
      .then((page) => setTrashCount(page.total), () => {});
  }, [client]);

  useEffect(refreshTrashCount, [refreshTrashCount, dataVersion]);

  const sort = sorts[view];
  const value = useMemo(
    () => ({
      filters, setFilters, activeIndex, setActiveIndex, mode, setMode, view, setView, sort, setSort, openBurst, setOpenBurst,
      selection, setSelection, trashCount, refreshTrashCount,
    }),
    [filters, setFilters, activeIndex, mode, view, setView, sort, setSort, openBurst, selection, trashCount, refreshTrashCount],
  );
  return <ReviewSessionContext.Provider value={value}>{children}</ReviewSessionContext.Provider>;
}

export function useReviewSession(): ReviewSession {
  const s = useContext(ReviewSessionContext);
  if (!s) throw new Error('useReviewSession outside ReviewSessionProvider');
  return s;
}
