import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PhotoListItem, TrashMoveResult, TrashReview } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { deliberateKeyLabel, useDeliberateEnter } from '../../app/deliberate-key.ts';
import { ConfirmDialog } from '../../app/modal-dialog.tsx';
import { useReviewSession } from '../../app/review-session-context.tsx';
import { useToasts } from '../../app/toast-context.tsx';
import { useTrashName } from '../../app/use-trash-name.ts';
import { formatBytes } from '../../format/format-bytes.ts';
import { plural } from '../../format/format-time.ts';
import { TrashItemRow } from './trash-item-row.tsx';
import { TrashMoveReport } from './trash-move-report.tsx';

const ROW_HEIGHT = 64;

export function TrashReviewScreen({ onBack, onRecent }: { onBack(): void; onRecent(): void }) {
  const client = useClient();
  const { show } = useToasts();
  const { refreshTrashCount } = useReviewSession();
  const [review, setReview] = useState<TrashReview | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [moving, setMoving] = useState(false);
  const [report, setReport] = useState<TrashMoveResult | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const trashName = useTrashName();

  const load = useCallback(async () => {
    setReview(await client.call('trash:review'));
  }, [client]);
  useEffect(() => { load().catch(() => {}); }, [load]);

  const count = review?.count ?? 0;
  // Nothing here moves on plain Enter or Space: the move button is not focused, and its key is Ctrl+Enter.
  useDeliberateEnter(count > 0 && !confirming && !moving, () => setConfirming(true));

  const virtualizer = useVirtualizer({
    count: review?.items.length ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector('dialog[open]')) return;
      const tag = (e.target as HTMLElement | null)?.tagName ?? '';
      if (['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'A'].includes(tag)) return;
      if (e.key === 'Escape') { e.preventDefault(); onBack(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);

  async function move() {
    if (!review) return;
    setMoving(true);
    try {
      const result = await client.call('trash:move', { photoIds: review.items.map((i) => i.id) });
      setReport(result);
      if (result.failed.length === 0) show('success', `Moved ${plural(result.moved.length, 'photo')} to the Trash`, 'Restore them from Recently trashed.');
      else show('error', `${plural(result.failed.length, 'photo')} could not be moved`, 'See the list for why.');
      await load();
      refreshTrashCount();
    } catch {
      // Reported by the client.
    } finally {
      setMoving(false);
      setConfirming(false);
    }
  }

  const unmark = async (item: PhotoListItem) => {
    await client.call('decisions:set', { photoIds: [item.id], decision: null }).catch(() => {});
    await load().catch(() => {});
    refreshTrashCount();
  };

  return (
    <section className="screen trash-screen" aria-labelledby="trash-title">
      <header className="screen-header">
        <h1 id="trash-title">Trash review</h1>
        <span className="screen-subtitle" data-testid="trash-summary">
          {review ? `${plural(review.count, 'photo')} · ${formatBytes(review.totalBytes)}` : '…'}
        </span>
        <span className="spacer" />
        <button type="button" onClick={onBack}>Back to review</button>
        <button type="button" className="danger" disabled={count === 0 || moving} onClick={() => setConfirming(true)} aria-keyshortcuts="Control+Enter Meta+Enter">
          Move {plural(count, 'photo')} to Trash <kbd className="key-hint">{deliberateKeyLabel}</kbd>
        </button>
      </header>
      {report && <TrashMoveReport result={report} onDismiss={() => setReport(null)} />}
      {review && review.count === 0 ? (
        <div className="empty-state">
          <h2>Nothing marked for trash</h2>
          <p>In Review, press <kbd>X</kbd> on a blurry shot to mark it. Nothing leaves your disk until you confirm here.</p>
          <button type="button" className="link-button" onClick={onRecent}>See recently trashed photos</button>
        </div>
      ) : (
        <div ref={scroller} className="trash-list" role="list" aria-label="Photos marked for trash" tabIndex={0} data-autofocus>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((row) => (
              <div key={row.key} role="listitem" className="trash-list-row" style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}>
                <TrashItemRow item={review!.items[row.index]} onUnmark={unmark} />
              </div>
            ))}
          </div>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Move ${plural(count, 'photo')} to the Trash?`}
        confirmLabel={`Move ${plural(count, 'photo')} to Trash`}
        danger
        busy={moving}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void move()}
      >
        <p>
          {formatBytes(review?.totalBytes ?? 0)} will go to {trashName}, not deleted outright.
          You can put them back from <em>Recently trashed</em> or from the Trash itself.
        </p>
      </ConfirmDialog>
    </section>
  );
}
