import { useEffect, useRef, useState } from 'react';
import type { KeepSharpestPreview, PhotoListItem } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { ModalDialog } from '../../app/modal-dialog.tsx';
import { plural } from '../../format/format-time.ts';

/** Enough to check the plan by eye; the total still counts every burst. */
const SHOWN_BURSTS = 60;

interface Props {
  open: boolean;
  libraryId: number | undefined;
  onClose(): void;
  /** After the plan is applied, with how many photos it marked. */
  onApplied(changed: number): void;
}

/** B: preview of "keep the sharpest of each burst, mark the rest", applied only on confirmation. */
export function KeepSharpestDialog({ open, libraryId, onClose, onApplied }: Props) {
  const client = useClient();
  const [plan, setPlan] = useState<KeepSharpestPreview | null>(null);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const applyButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setPlan(null);
    setFailed(false);
    client.call('bursts:plan', libraryId === undefined ? {} : { libraryId })
      .then((p) => { if (live) setPlan(p); }, () => { if (live) setFailed(true); });
    return () => { live = false; };
  }, [client, open, libraryId]);

  async function apply() {
    setBusy(true);
    try {
      const { changed } = await client.call('bursts:apply', libraryId === undefined ? {} : { libraryId });
      onApplied(changed);
    } catch {
      // Reported by the client; the dialog stays open to retry or cancel.
    } finally {
      setBusy(false);
    }
  }

  const count = plan?.markCount ?? 0;
  // The button is disabled while the plan loads, so the dialog's autofocus can't land on it: B, then Enter applies.
  useEffect(() => { if (count > 0) applyButton.current?.focus(); }, [count]);
  return (
    <ModalDialog open={open} title="Keep the sharpest of each burst" onClose={onClose} className="keep-sharpest">
      <div className="modal-content" data-testid="keep-sharpest-summary" aria-live="polite">
        {failed ? 'Could not plan the bursts.'
          : plan === null ? 'Finding bursts…'
            : count === 0 ? 'No burst has a frame to mark: every burst is a single shot, or already decided.'
              : `Keeps the sharpest frame of ${plural(plan.bursts.length, 'burst')} and marks ${plural(count, 'other photo')} for trash. Nothing is moved until the trash review, and U undoes it.`}
      </div>
      {plan && plan.bursts.length > 0 && (
        <ol className="burst-plan" aria-label="Bursts">
          {plan.bursts.slice(0, SHOWN_BURSTS).map((b, i) => (
            <li key={b.burstId} className="burst-plan-row" aria-label={`Burst ${i + 1}: keep ${b.keep.fileName}, mark ${b.mark.length}`}>
              <PlanThumb item={b.keep} role="keep" />
              <span className="burst-plan-arrow" aria-hidden="true">›</span>
              <div className="burst-plan-marks">
                {b.mark.map((m) => <PlanThumb key={m.id} item={m} role="mark" />)}
              </div>
            </li>
          ))}
          {plan.bursts.length > SHOWN_BURSTS && (
            <li className="burst-plan-more">…and {plural(plan.bursts.length - SHOWN_BURSTS, 'more burst')}</li>
          )}
        </ol>
      )}
      <div className="modal-actions">
        <button type="button" onClick={onClose} disabled={busy}>Cancel</button>
        <button ref={applyButton} type="button" className="danger" data-autofocus disabled={busy || count === 0} onClick={() => void apply()}>
          {busy ? 'Marking…' : count > 0 ? `Mark ${plural(count, 'photo')} for trash` : 'Nothing to mark'}
        </button>
      </div>
    </ModalDialog>
  );
}

function PlanThumb({ item, role }: { item: PhotoListItem; role: 'keep' | 'mark' }) {
  const client = useClient();
  return (
    <figure className={`plan-thumb plan-${role}`} data-role={role} title={item.path}>
      <img src={client.mediaUrl('thumb', item.id)} alt="" loading="lazy" draggable={false} />
      <figcaption>
        <span className="plan-role">{role === 'keep' ? 'Keep' : 'Mark'}</span>
        <span className="plan-score">{item.blurScore?.toFixed(2) ?? '–'}</span>
      </figcaption>
      <span className="plan-name">{item.fileName}</span>
    </figure>
  );
}
