import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClient } from '../../api/client-context.tsx';
import { useLibraries } from '../../app/libraries-context.tsx';
import { useReviewSession } from '../../app/review-session-context.tsx';
import { useSettings } from '../../app/settings-context.tsx';
import { useToasts } from '../../app/toast-context.tsx';
import { formatCount, plural } from '../../format/format-time.ts';
import { usePreloadNeighbours } from '../compare/use-preload-neighbours.ts';
import { CompareView, type CompareHandle, type KeeperChoice } from '../compare/compare-view.tsx';
import { BlurHistogram } from './blur-histogram.tsx';
import { ExportMenu } from './export-menu.tsx';
import { KeepSharpestDialog } from './keep-sharpest-dialog.tsx';
import { ReviewEmptyState } from './review-empty-state.tsx';
import { ReviewFilters } from './review-filters.tsx';
import { ReviewGrid } from './review-grid.tsx';
import type { ReviewAction } from './review-shortcuts.ts';
import { ShortcutSheet } from './shortcut-sheet.tsx';
import { useHistogram } from './use-histogram.ts';
import { useReviewDecisions } from './use-review-decisions.ts';
import { useReviewKeys } from './use-review-keys.ts';
import { useReviewList, type ListQuery } from './use-review-list.ts';

export function ReviewScreen({ onOpenTrash, onOpenLibraries }: { onOpenTrash(): void; onOpenLibraries(): void }) {
  const client = useClient();
  const { show } = useToasts();
  const { settings, model, update } = useSettings();
  const { libraries, dataVersion } = useLibraries();
  const session = useReviewSession();
  const { filters, activeIndex, setActiveIndex, mode, setMode, refreshTrashCount } = session;
  const [helpOpen, setHelpOpen] = useState(false);
  const [keepOpen, setKeepOpen] = useState(false);
  const [keeper, setKeeper] = useState<KeeperChoice>({ item: null, pinned: false });
  const [columns, setColumns] = useState(1);
  const compare = useRef<CompareHandle>(null);
  // The keeper CompareView shows when nothing is picked (the burst's best); P pins it.
  const pinnedCandidate = useRef<KeeperChoice['item']>(null);

  const threshold = settings?.threshold ?? null;
  const query = useMemo<ListQuery | null>(
    () => (threshold === null ? null : { ...filters, threshold, flaggedOnly: true }),
    [filters, threshold],
  );
  const list = useReviewList(client, query);
  const histogram = useHistogram(client, filters.libraryId, threshold, dataVersion);
  const total = list.total ?? 0;

  const reload = useRef(list.reload);
  reload.current = list.reload;
  useEffect(() => { if (dataVersion > 0) void reload.current(); }, [dataVersion]);
  useEffect(() => {
    if (list.total !== null && activeIndex > Math.max(0, list.total - 1)) setActiveIndex(Math.max(0, list.total - 1));
  }, [list.total, activeIndex, setActiveIndex]);

  const active = list.itemAt(activeIndex);
  useEffect(() => { list.ensure(activeIndex - 1, activeIndex + 1); }, [list, activeIndex]);
  usePreloadNeighbours(client, [list.itemAt(activeIndex + 1)?.id, list.itemAt(activeIndex - 1)?.id, list.itemAt(activeIndex + 2)?.id], mode === 'compare');

  // Unpinned, the keeper pane follows the flagged photo's own burst.
  const activeId = active?.id;
  useEffect(() => { setKeeper((k) => (k.pinned || !k.item ? k : { item: null, pinned: false })); }, [activeId]);

  const notify = useCallback((message: string) => show('info', message), [show]);
  const { decide, undo, lastAction, announce } = useReviewDecisions({
    client, list, activeIndex, setActiveIndex, onChanged: refreshTrashCount, notify,
  });

  const overlay = settings?.focusOverlay ?? false;
  const move = (to: number) => setActiveIndex(Math.max(0, Math.min(total - 1, to)));

  const onAction = (action: ReviewAction) => {
    switch (action) {
      case 'prev': return move(activeIndex - 1);
      case 'next': return move(activeIndex + 1);
      case 'up': return move(activeIndex - (mode === 'grid' ? columns : 1));
      case 'down': return move(activeIndex + (mode === 'grid' ? columns : 1));
      case 'first': return move(0);
      case 'last': return move(total - 1);
      case 'trash': return void decide('trash');
      case 'keep': return void decide('keep');
      case 'undo': return void undo();
      case 'keepSharpest': return setKeepOpen(true);
      case 'toggleMode': return setMode(mode === 'grid' ? 'compare' : 'grid');
      case 'back': return setMode('grid');
      case 'actualPixels':
        if (mode === 'grid') setMode('compare');
        else compare.current?.toggleActualPixels();
        return;
      case 'overlay': return void update({ focusOverlay: !overlay }).catch(() => {});
      case 'pin': return togglePin();
      case 'openTrash': return onOpenTrash();
      case 'help': return setHelpOpen((o) => !o);
    }
  };
  useReviewKeys(onAction, !helpOpen && !keepOpen);

  function togglePin() {
    if (keeper.pinned) {
      setKeeper({ item: null, pinned: false });
      notify('Keeper unpinned');
    } else if (keeper.item || mode === 'compare') {
      setKeeper((k) => ({ item: k.item ?? pinnedCandidate.current, pinned: true }));
      notify('Keeper pinned: ← → now step only the flagged pane');
    }
  }

  const onActivate = useCallback((index: number, shift: boolean) => {
    setActiveIndex(index);
    if (shift) {
      const item = list.itemAt(index);
      if (item) {
        setKeeper({ item, pinned: true });
        show('info', `Comparing against ${item.fileName}`, 'Pinned as keeper. P unpins.');
      }
    }
  }, [list, setActiveIndex, show]);
  const onShownKeeper = useCallback((item: KeeperChoice['item']) => { pinnedCandidate.current = item; }, []);
  const onKeepSharpestApplied = useCallback((changed: number) => {
    setKeepOpen(false);
    const message = changed > 0 ? `Marked ${plural(changed, 'photo')} for trash, keeping the sharpest of each burst` : 'Nothing to mark';
    show('success', message, changed > 0 ? 'U undoes it.' : undefined);
    announce(message);
    void list.reload();
    refreshTrashCount();
  }, [show, announce, list, refreshTrashCount]);
  const onOpen = useCallback((index: number) => { setActiveIndex(index); setMode('compare'); }, [setActiveIndex, setMode]);

  const libraryList = libraries ?? [];
  const filtered = Object.values(filters).some((v) => v !== undefined);

  return (
    <section className="screen review-screen" aria-labelledby="review-title">
      <header className="screen-header review-header">
        <h1 id="review-title">Review</h1>
        <span className="screen-subtitle" data-testid="review-total">
          {list.total === null ? '…' : `${formatCount(total)} flagged`}
        </span>
        <span className="spacer" />
        <div className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={mode === 'grid'} onClick={() => setMode('grid')}>Grid</button>
          <button type="button" aria-pressed={mode === 'compare'} onClick={() => setMode('compare')} disabled={total === 0}>Compare</button>
        </div>
        {mode === 'compare' && (
          <>
            <button type="button" aria-pressed={overlay} onClick={() => onAction('overlay')} title="Focus overlay (F)">Focus map</button>
            <button type="button" aria-pressed={keeper.pinned} onClick={togglePin} title="Pin the keeper pane (P)">Pin keeper</button>
          </>
        )}
        <button type="button" onClick={() => setKeepOpen(true)} title="Keep the sharpest of each burst, mark the rest (B)" aria-keyshortcuts="B">
          Keep sharpest…
        </button>
        <ExportMenu threshold={threshold} libraryId={filters.libraryId} />
        <button type="button" onClick={() => setHelpOpen(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">?</button>
        <button type="button" className="primary" onClick={onOpenTrash} title="Trash review (Enter)">
          Trash review{session.trashCount > 0 ? ` (${formatCount(session.trashCount)})` : ''}
        </button>
      </header>

      {mode === 'grid' && (
        <div className="review-controls">
          <BlurHistogram histogram={histogram} threshold={threshold ?? 0.5} model={model} onCommit={(t) => void update({ threshold: t }).catch(() => {})} />
          <ReviewFilters filters={filters} libraries={libraryList} onChange={session.setFilters} />
        </div>
      )}

      <div className="review-body">
        {list.total === 0 || libraries?.length === 0 ? (
          <ReviewEmptyState noLibraries={libraries?.length === 0} filtered={filtered} onOpenLibraries={onOpenLibraries} />
        ) : mode === 'grid' ? (
          <ReviewGrid list={list} activeIndex={activeIndex} onActivate={onActivate} onOpen={onOpen} onColumns={setColumns} />
        ) : (
          <CompareView
            ref={compare}
            active={active}
            position={`${formatCount(activeIndex + 1)} of ${formatCount(total)}`}
            keeper={keeper}
            onKeeper={setKeeper}
            onShownKeeper={onShownKeeper}
            overlay={overlay}
          />
        )}
      </div>

      <footer className="status-bar" aria-live="polite">
        <span data-testid="active-position">{total > 0 ? `Photo ${formatCount(activeIndex + 1)} of ${formatCount(total)}` : ''}</span>
        <span className="status-action" data-testid="last-action">{lastAction ?? ''}</span>
        <span className="spacer" />
        <span className="status-keys"><kbd>←</kbd><kbd>→</kbd> move <kbd>X</kbd> trash <kbd>K</kbd> keep <kbd>U</kbd> undo <kbd>B</kbd> bursts <kbd>Space</kbd> compare <kbd>?</kbd> all keys</span>
      </footer>
      <ShortcutSheet open={helpOpen} onClose={() => setHelpOpen(false)} />
      <KeepSharpestDialog open={keepOpen} libraryId={filters.libraryId} onClose={() => setKeepOpen(false)} onApplied={onKeepSharpestApplied} />
    </section>
  );
}
