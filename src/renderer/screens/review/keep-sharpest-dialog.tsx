import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { KeepSharpestPreview, PhotoListItem } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { deliberateKeyLabel, useDeliberateEnter } from '../../app/deliberate-key.ts';
import { ModalDialog } from '../../app/modal-dialog.tsx';
import { plural } from '../../format/format-time.ts';

/** Enough to check the plan by eye; the total still counts every burst. */
const SHOWN_BURSTS = 60;

type Mode = 'sharpest' | 'onePerBurst';

interface Props {
  open: boolean;
  libraryId: number | undefined;
  onClose(): void;
  /** After the plan is applied, with how many photos it marked. */
  onApplied(changed: number): void;
}

/**
 * B: preview of "keep the sharpest of each burst". Only frames the model flags, or that are
 * clearly blurrier than the keeper, start marked; every frame toggles by click, Space, X or K.
 * Focus starts on Cancel, and marking takes a click or Ctrl+Enter.
 */
export function KeepSharpestDialog({ open, libraryId, onClose, onApplied }: Props) {
  const client = useClient();
  const [mode, setMode] = useState<Mode>('sharpest');
  const [plan, setPlan] = useState<KeepSharpestPreview | null>(null);
  const [marked, setMarked] = useState<ReadonlySet<number>>(new Set());
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => { if (!open) setMode('sharpest'); }, [open]);
  useEffect(() => {
    if (!open) return;
    let live = true;
    setPlan(null);
    setFailed(false);
    client.call('bursts:plan', libraryId === undefined ? { mode } : { libraryId, mode })
      .then((p) => {
        if (!live) return;
        setPlan(p);
        setMarked(new Set(p.bursts.flatMap((b) => b.mark.map((m) => m.id))));
      }, () => { if (live) setFailed(true); });
    return () => { live = false; };
  }, [client, open, libraryId, mode]);

  const count = marked.size;
  async function apply() {
    if (count === 0 || busy) return;
    setBusy(true);
    try {
      const { changed } = await client.call('bursts:apply', { photoIds: [...marked] });
      onApplied(changed);
    } catch {
      // Reported by the client; the dialog stays open to retry or cancel.
    } finally {
      setBusy(false);
    }
  }
  useDeliberateEnter(open && count > 0 && !busy, () => void apply());

  const toggle = (id: number, to?: boolean) => setMarked((prev) => {
    const next = new Set(prev);
    if (to ?? !prev.has(id)) next.add(id);
    else next.delete(id);
    return next;
  });
  const leftCount = plan ? plan.bursts.reduce((n, b) => n + b.leave.length, 0) : 0;

  return (
    <ModalDialog open={open} title="Keep the sharpest of each burst" onClose={onClose} className="keep-sharpest">
      <div className="segmented" role="radiogroup" aria-label="Plan">
        <button type="button" role="radio" aria-checked={mode === 'sharpest'} onClick={() => setMode('sharpest')}>Keep sharpest (mark only blurry frames)</button>
        <button type="button" role="radio" aria-checked={mode === 'onePerBurst'} onClick={() => setMode('onePerBurst')}>Keep one per burst (mark all others)</button>
      </div>
      <div className="modal-content" data-testid="keep-sharpest-summary" aria-live="polite">
        {failed ? 'Could not plan the bursts.'
          : plan === null ? 'Finding bursts…'
            : plan.bursts.length === 0 ? 'No burst to plan: every burst is a single shot, or not scored yet.'
              : mode === 'sharpest'
                ? `Keeps the sharpest frame of ${plural(plan.bursts.length, 'burst')} and proposes ${plural(plan.markCount, 'other photo')} for trash: frames the model flags, or that score at least ${plan.margin.toFixed(2)} blurrier than the keeper. ${plural(leftCount, 'other frame')} (sharp near-duplicates, or already decided) left as they are.`
                : `Keeps one frame of each of ${plural(plan.bursts.length, 'burst')} and proposes every other frame (${plural(plan.markCount, 'photo')}) for trash, sharp or not.`}
        {plan && plan.bursts.length > 0 && ' Click a frame (or focus it and press Space, X or K) to change it. Nothing is moved until the trash review, and Ctrl+Z undoes it.'}
      </div>
      {plan && plan.bursts.length > 0 && (
        <ol className="burst-plan" aria-label="Bursts">
          {plan.bursts.slice(0, SHOWN_BURSTS).map((b, i) => (
            <li key={b.burstId} className="burst-plan-row" aria-label={`Burst ${i + 1}: keep ${b.keep.fileName}`}>
              {[b.keep, ...b.mark, ...b.leave].map((item) => (
                <PlanFrame key={item.id} item={item} keeper={item.id === b.keep.id} marked={marked.has(item.id)} onToggle={toggle} />
              ))}
            </li>
          ))}
          {plan.bursts.length > SHOWN_BURSTS && (
            <li className="burst-plan-more">…and {plural(plan.bursts.length - SHOWN_BURSTS, 'more burst')}</li>
          )}
        </ol>
      )}
      <div className="modal-actions">
        <button type="button" data-autofocus onClick={onClose} disabled={busy}>Cancel</button>
        <button type="button" className="danger" disabled={busy || count === 0} onClick={() => void apply()} aria-keyshortcuts="Control+Enter Meta+Enter">
          {busy ? 'Marking…' : count > 0 ? `Mark ${plural(count, 'photo')} for trash` : 'Nothing to mark'}
          {count > 0 && !busy && <> <kbd className="key-hint">{deliberateKeyLabel}</kbd></>}
        </button>
      </div>
    </ModalDialog>
  );
}

function PlanFrame({ item, keeper, marked, onToggle }: { item: PhotoListItem; keeper: boolean; marked: boolean; onToggle(id: number, to?: boolean): void }) {
  const client = useClient();
  const role = marked ? 'mark' : keeper ? 'keep' : 'leave';
  const word = marked ? 'Trash' : keeper ? 'Keep' : 'Undecided';
  const label = useMemo(
    () => `${item.fileName}, blur ${item.blurScore?.toFixed(2) ?? 'unscored'}${keeper ? ', sharpest' : ''}: ${marked ? 'marked for trash' : 'not marked'}`,
    [item, keeper, marked],
  );
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const key = e.key.toLowerCase();
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (key === 'x') onToggle(item.id, true);
    else if (key === 'k' || key === 'u' || key === 'p') onToggle(item.id, false);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const all = [...(e.currentTarget.closest('.burst-plan')?.querySelectorAll<HTMLButtonElement>('.plan-thumb') ?? [])];
      all[all.indexOf(e.currentTarget) + (e.key === 'ArrowRight' ? 1 : -1)]?.focus();
    } else return;
    e.preventDefault();
  };
  return (
    <button
      type="button"
      className={`plan-thumb plan-${role}`}
      data-role={role}
      data-photo-id={item.id}
      aria-pressed={marked}
      aria-label={label}
      title={item.path}
      onClick={() => onToggle(item.id)}
      onKeyDown={onKeyDown}
    >
      <img src={client.mediaUrl('thumb', item.id)} alt="" loading="lazy" draggable={false} />
      <span className="plan-caption">
        <span className="plan-role">{word}</span>
        <span className="plan-score">{item.blurScore?.toFixed(2) ?? '–'}</span>
      </span>
      <span className="plan-name">{item.fileName}</span>
    </button>
  );
}
