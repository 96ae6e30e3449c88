import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { labelKeys, type ReviewSort } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { useLibraries } from '../../app/libraries-context.tsx';
import { useReviewSession } from '../../app/review-session-context.tsx';
import { useSettings } from '../../app/settings-context.tsx';
import { useToasts } from '../../app/toast-context.tsx';
import { formatCount, plural } from '../../format/format-time.ts';
import { CompareView, type KeeperChoice } from '../compare/compare-view.tsx';
import { Filmstrip } from '../compare/filmstrip.tsx';
import { FocusLegend } from '../compare/focus-legend.tsx';
import { LoupeView } from '../compare/loupe-view.tsx';
import { SurveyView } from '../compare/survey-view.tsx';
import { usePreloadNeighbours } from '../compare/use-preload-neighbours.ts';
import type { ZoomHandle } from '../compare/use-synced-zoom.ts';
import { BlurHistogram } from './blur-histogram.tsx';
import { CopyKeepersDialog } from './copy-keepers-dialog.tsx';
import { ExportMenu } from './export-menu.tsx';
import { KeepSharpestDialog } from './keep-sharpest-dialog.tsx';
import { ReviewEmptyState } from './review-empty-state.tsx';
import { ReviewFilters } from './review-filters.tsx';
import { ReviewGrid, type ClickModifiers } from './review-grid.tsx';
import type { ReviewAction } from './review-shortcuts.ts';
import { ShortcutSheet } from './shortcut-sheet.tsx';
import { useHistogram } from './use-histogram.ts';
import { useReviewDecisions } from './use-review-decisions.ts';
import { useReviewKeys } from './use-review-keys.ts';
import { useReviewList, type ListQuery } from './use-review-list.ts';

const MAX_SURVEY = 4;
const sortNames: Record<ReviewSort, string> = { score: 'blurriest first', time: 'capture time', name: 'name' };

export function ReviewScreen({ onOpenTrash, onOpenLibraries }: { onOpenTrash(): void; onOpenLibraries(): void }) {
  const client = useClient();
  const { show } = useToasts();
  const { settings, model, update } = useSettings();
  const { libraries, dataVersion } = useLibraries();
  const session = useReviewSession();
  const { filters, activeIndex, setActiveIndex, mode, setMode, view, setView, sort, setSort, openBurst, setOpenBurst, selection, setSelection, refreshTrashCount } = session;
  const [helpOpen, setHelpOpen] = useState(false);
  const [keepOpen, setKeepOpen] = useState(false);
  const [copyOpen, setCopyOpen] = useState(false);
  const [keeper, setKeeper] = useState<KeeperChoice>({ item: null, pinned: false });
  const [columns, setColumns] = useState(1);
  const zoom = useRef<ZoomHandle>(null);
  // The keeper CompareView shows when nothing is picked (the burst's best); L locks it.
  const pinnedCandidate = useRef<KeeperChoice['item']>(null);
  // F shows or hides the focus map in this session; its default lives in Settings.
  const [overlayShown, setOverlayShown] = useState<boolean | null>(null);
  const overlay = overlayShown ?? settings?.focusOverlay ?? false;

  const threshold = settings?.threshold ?? null;
  const query = useMemo<ListQuery | null>(
    () => (threshold === null ? null : {
      ...filters, threshold, flaggedOnly: view === 'flagged', sort,
      ...(view === 'all' ? { stackBursts: true, ...(openBurst ? { openBurst } : {}) } : {}),
    }),
    [filters, threshold, view, sort, openBurst],
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
  usePreloadNeighbours(client, [list.itemAt(activeIndex + 1)?.id, list.itemAt(activeIndex - 1)?.id, list.itemAt(activeIndex + 2)?.id], mode === 'compare' || mode === 'loupe');

  // Unpinned, the keeper pane follows the flagged photo's own burst.
  const activeId = active?.id;
  useEffect(() => { setKeeper((k) => (k.pinned || !k.item ? k : { item: null, pinned: false })); }, [activeId]);

  const notify = useCallback((message: string) => show('info', message, undefined, { key: 'undo' }), [show]);
  const { decide, mark, undo, lastAction, announce } = useReviewDecisions({
    client, list, activeIndex, setActiveIndex, onChanged: refreshTrashCount, notify,
  });

  const move = (to: number) => setActiveIndex(Math.max(0, Math.min(total - 1, to)));
  const selected = useMemo(() => new Set(selection), [selection]);

  function toggleSelected(photoId: number) {
    setSelection(selected.has(photoId) ? selection.filter((id) => id !== photoId) : [...selection, photoId]);
  }

  function openSurvey() {
    if (selection.length < 2) {
      show('info', 'Select 2 to 4 photos first', 'Ctrl+click them in the grid, or press S on each; then N.');
      return;
    }
    if (selection.length > MAX_SURVEY) show('info', `Showing the first ${MAX_SURVEY} of ${selection.length} selected photos`);
    setMode('survey');
  }

  /** Enter on a burst's stack opens the stack; on a photo, the loupe. */
  function openActive() {
    if (view === 'all' && active?.burstId && (active.burstSize ?? 0) > 1 && openBurst !== active.burstId && mode === 'grid') {
      setOpenBurst(active.burstId);
      return;
    }
    setMode('loupe');
  }

  const onAction = (action: ReviewAction) => {
    switch (action) {
      case 'prev': return move(activeIndex - 1);
      case 'next': return move(activeIndex + 1);
      case 'up': return move(activeIndex - (mode === 'grid' ? columns : 1));
      case 'down': return move(activeIndex + (mode === 'grid' ? columns : 1));
      case 'first': return move(0);
      case 'last': return move(total - 1);
      case 'reject': return void decide('trash');
      case 'pick': return void decide('keep');
      case 'unflag': return void decide(null, false);
      case 'undo': return void undo();
      case 'rate0': case 'rate1': case 'rate2': case 'rate3': case 'rate4': case 'rate5':
        return void mark({ rating: Number(action.slice(4)) });
      case 'label6': case 'label7': case 'label8': case 'label9': {
        const name = labelKeys[action.slice(5)];
        return void mark({ label: active?.label?.toLowerCase() === name.toLowerCase() ? null : name });
      }
      case 'keepSharpest': return setKeepOpen(true);
      case 'loupe': return setMode(mode === 'loupe' ? 'grid' : 'loupe');
      case 'open': return mode === 'loupe' ? setMode('grid') : openActive();
      case 'toggleMode': return setMode(mode === 'grid' ? 'compare' : 'grid');
      case 'survey': return mode === 'survey' ? setMode('grid') : openSurvey();
      case 'select': return active ? toggleSelected(active.id) : undefined;
      case 'back':
        if (mode === 'grid' && openBurst) return setOpenBurst(undefined);
        return setMode('grid');
      case 'zoomIn': case 'zoomOut':
        if (mode === 'grid') return setMode('loupe');
        return zoom.current?.zoomStep(action === 'zoomIn' ? 1 : -1);
      case 'actualPixels':
        if (mode === 'grid') setMode('loupe');
        else zoom.current?.toggleActualPixels();
        return;
      case 'overlay': return setOverlayShown(!overlay);
      case 'pin': return togglePin();
      case 'openTrash': return onOpenTrash();
      case 'help': return setHelpOpen((o) => !o);
    }
  };
  useReviewKeys(onAction, !helpOpen && !keepOpen && !copyOpen);

  function togglePin() {
    if (keeper.pinned) {
      setKeeper({ item: null, pinned: false });
      notify('Keeper unlocked');
    } else if (keeper.item || mode === 'compare') {
      setKeeper((k) => ({ item: k.item ?? pinnedCandidate.current, pinned: true }));
      notify('Keeper locked: ← → now step only the flagged pane');
    }
  }

  const onActivate = useCallback((index: number, { shift, toggle }: ClickModifiers) => {
    const item = list.itemAt(index);
    if (toggle) {
      if (item) setSelection(selection.includes(item.id) ? selection.filter((id) => id !== item.id) : [...selection, item.id]);
      return;
    }
    if (shift) {
      // Shift+click picks the photo to compare against; the photo under review stays where it is.
      if (item && item.id !== list.itemAt(activeIndex)?.id) {
        setKeeper({ item, pinned: true });
        show('info', `Comparing against ${item.fileName}`, 'Locked as keeper. L unlocks it.');
      }
      return;
    }
    setActiveIndex(index);
  }, [list, activeIndex, setActiveIndex, show, selection, setSelection]);
  const onShownKeeper = useCallback((item: KeeperChoice['item']) => { pinnedCandidate.current = item; }, []);
  const onKeepSharpestApplied = useCallback((changed: number) => {
    setKeepOpen(false);
    const message = changed > 0 ? `Marked ${plural(changed, 'photo')} for trash from the burst preview` : 'Nothing to mark';
    show('success', message, changed > 0 ? 'Ctrl+Z undoes it.' : undefined, { key: 'undo' });
    announce(message);
    void list.reload();
    refreshTrashCount();
  }, [show, announce, list, refreshTrashCount]);
  const onOpen = useCallback((index: number) => {
    const item = list.itemAt(index);
    setActiveIndex(index);
    if (view === 'all' && item?.burstId && (item.burstSize ?? 0) > 1 && openBurst !== item.burstId) setOpenBurst(item.burstId);
    else setMode('loupe');
  }, [list, setActiveIndex, setMode, view, openBurst, setOpenBurst]);

  const libraryList = libraries ?? [];
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const position = `${formatCount(activeIndex + 1)} of ${formatCount(total)}`;
  const viewing = mode !== 'grid';
  const gridLabel = view === 'flagged' ? `Flagged photos, ${sortNames[sort]}` : `All photos, ${sortNames[sort]}`;

  return (
    <section className="screen review-screen" aria-labelledby="review-title">
      <header className="screen-header review-header">
        <h1 id="review-title">Review</h1>
        <div className="segmented" role="group" aria-label="Photos">
          <button type="button" aria-pressed={view === 'flagged'} onClick={() => setView('flagged')}>Flagged</button>
          <button type="button" aria-pressed={view === 'all'} onClick={() => setView('all')}>All photos</button>
        </div>
        <span className="screen-subtitle" data-testid="review-total">
          {list.total === null ? '…' : view === 'flagged' ? `${formatCount(total)} flagged` : `${plural(total, 'photo')}${openBurst ? ' (burst open)' : ''}`}
        </span>
        <label className="sort-select">
          <span className="visually-hidden">Sort</span>
          <select aria-label="Sort" value={sort} onChange={(e) => setSort(e.target.value as ReviewSort)}>
            <option value="score">Blurriest first</option>
            <option value="time">Capture time</option>
            <option value="name">Name</option>
          </select>
        </label>
        <span className="spacer" />
        <div className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={mode === 'grid'} onClick={() => setMode('grid')}>Grid</button>
          <button type="button" aria-pressed={mode === 'loupe'} onClick={() => setMode('loupe')} disabled={total === 0} title="Loupe (E)">Loupe</button>
          <button type="button" aria-pressed={mode === 'compare'} onClick={() => setMode('compare')} disabled={total === 0} title="Compare with the sharpest sibling (Space)">Compare</button>
          <button type="button" aria-pressed={mode === 'survey'} onClick={openSurvey} disabled={total === 0} title="N-up of the selected photos (N)">
            N-up{selection.length > 0 ? ` (${selection.length})` : ''}
          </button>
        </div>
        {viewing && (
          <button type="button" aria-pressed={overlay} onClick={() => onAction('overlay')} title="Focus map (F)">Focus map</button>
        )}
        {mode === 'compare' && (
          <button type="button" aria-pressed={keeper.pinned} onClick={togglePin} title="Lock the keeper pane (L)">Lock keeper</button>
        )}
        <button type="button" onClick={() => setKeepOpen(true)} title="Keep the sharpest of each burst: preview, then mark (B)" aria-keyshortcuts="B">
          Keep sharpest…
        </button>
        <button type="button" onClick={() => setCopyOpen(true)} title="Copy the picked photos, with RAW files and sidecars, to a folder">Copy keepers…</button>
        <ExportMenu threshold={threshold} libraryId={filters.libraryId} />
        <button type="button" onClick={() => setHelpOpen(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">?</button>
        <button type="button" className="primary" onClick={onOpenTrash} title="Trash review (T)">
          Trash review{session.trashCount > 0 ? ` (${formatCount(session.trashCount)})` : ''}
        </button>
      </header>

      {mode === 'grid' && (
        <div className="review-controls">
          <BlurHistogram histogram={histogram} threshold={threshold ?? 0.5} model={model} onCommit={(t) => void update({ threshold: t }).catch(() => {})} />
          <ReviewFilters filters={filters} libraries={libraryList} onChange={session.setFilters} />
        </div>
      )}
      {viewing && overlay && <FocusLegend />}

      <div className="review-body">
        {list.total === 0 || libraries?.length === 0 ? (
          <ReviewEmptyState noLibraries={libraries?.length === 0} filtered={filtered} onOpenLibraries={onOpenLibraries} />
        ) : mode === 'grid' ? (
          <ReviewGrid
            list={list} activeIndex={activeIndex} label={gridLabel} selection={selected} stacked={view === 'all'} openBurst={openBurst}
            onActivate={onActivate} onOpen={onOpen} onColumns={setColumns}
          />
        ) : mode === 'loupe' ? (
          <LoupeView ref={zoom} item={active} position={position} overlay={overlay} />
        ) : mode === 'survey' ? (
          <SurveyView ref={zoom} photoIds={selection.slice(0, MAX_SURVEY)} overlay={overlay} fresh={(id) => { const i = list.indexOf(id); return i >= 0 ? list.itemAt(i) : undefined; }} />
        ) : (
          <CompareView
            ref={zoom}
            active={active}
            position={position}
            keeper={keeper}
            onKeeper={setKeeper}
            onShownKeeper={onShownKeeper}
            overlay={overlay}
          />
        )}
        {viewing && total > 0 && <Filmstrip list={list} activeIndex={activeIndex} onPick={setActiveIndex} />}
      </div>

      <footer className="status-bar" aria-live="polite">
        <span data-testid="active-position">{total > 0 ? `Photo ${position}` : ''}</span>
        <span className="status-action" data-testid="last-action">{lastAction ?? ''}</span>
        <span className="spacer" />
        <span className="status-keys">
          <kbd>P</kbd> pick <kbd>X</kbd> reject <kbd>U</kbd> unflag <kbd>0</kbd>–<kbd>5</kbd> stars <kbd>6</kbd>–<kbd>9</kbd> label <kbd>E</kbd> loupe <kbd>?</kbd> all keys
        </span>
      </footer>
      <ShortcutSheet open={helpOpen} onClose={() => setHelpOpen(false)} />
      <KeepSharpestDialog open={keepOpen} libraryId={filters.libraryId} onClose={() => setKeepOpen(false)} onApplied={onKeepSharpestApplied} />
      <CopyKeepersDialog open={copyOpen} libraryId={filters.libraryId} onClose={() => setCopyOpen(false)} />
    </section>
  );
}
