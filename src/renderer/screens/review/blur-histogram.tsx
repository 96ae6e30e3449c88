import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { BlurHistogram as Histogram } from '../../../shared/review-types.ts';
import { describeRates, measuredRates, presetAt, sensitivityLabels, type ModelInfo } from '../../../shared/threshold-meaning.ts';
import { formatCount } from '../../format/format-time.ts';

/** 100 bins put every 0.01 threshold step on a bin edge, so the live count while dragging is exact. */
export const HISTOGRAM_BINS = 100;
const MIN = 0.01;
const MAX = 0.99;

const clamp = (t: number) => Math.min(MAX, Math.max(MIN, Math.round(t * 100) / 100));

export function flaggedAt(bins: number[], threshold: number): number {
  const first = Math.ceil(threshold * bins.length - 1e-9);
  return bins.slice(first).reduce((a, b) => a + b, 0);
}

interface Props {
  histogram: Histogram | null;
  threshold: number;
  onCommit(threshold: number): void;
  /** The model's measured rates, to say what the threshold means; absent until loaded. */
  model?: ModelInfo | null;
}

/** "Standard · at 0.46: 94 % of blurry photos flagged, 99 % of sharp kept on held-out real photos". */
function thresholdMeaning(model: ModelInfo | null | undefined, t: number): string | null {
  if (!model || model.heldout.length === 0) return null;
  const rates = describeRates(measuredRates(model.heldout, t));
  if (!rates) return null;
  const preset = presetAt(model.presets, t);
  return `${preset ? `${sensitivityLabels[preset.name].name} · ` : ''}${rates} on held-out real photos`;
}

export function BlurHistogram({ histogram, threshold, onCommit, model }: Props) {
  const [draft, setDraft] = useState<number | null>(null);
  const track = useRef<HTMLDivElement>(null);
  const t = draft ?? threshold;
  const bins = histogram?.bins ?? [];
  const max = Math.max(1, ...bins);
  const flagged = histogram ? (draft === null ? histogram.flagged : flaggedAt(bins, t)) : 0;
  const meaning = thresholdMeaning(model, t);

  const fromPointer = (e: PointerEvent) => {
    const rect = track.current!.getBoundingClientRect();
    return clamp((e.clientX - rect.left) / rect.width);
  };

  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setDraft(fromPointer(e));
  }
  function onPointerMove(e: PointerEvent<HTMLDivElement>) {
    if (e.currentTarget.hasPointerCapture(e.pointerId)) setDraft(fromPointer(e));
  }
  function onPointerUp(e: PointerEvent<HTMLDivElement>) {
    if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
    e.currentTarget.releasePointerCapture(e.pointerId);
    const final = fromPointer(e);
    setDraft(null);
    if (final !== threshold) onCommit(final);
  }
  // Held arrow keys repeat fast: show each step at once, re-query only once the keys rest.
  const keyCommit = useRef<ReturnType<typeof setTimeout>>(undefined);
  function onKeyDown(e: KeyboardEvent) {
    const step = e.shiftKey ? 0.05 : 0.01;
    const next = { ArrowLeft: t - step, ArrowDown: t - step, ArrowRight: t + step, ArrowUp: t + step, Home: MIN, End: MAX }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    const value = clamp(next);
    setDraft(value);
    clearTimeout(keyCommit.current);
    keyCommit.current = setTimeout(() => {
      setDraft(null);
      if (value !== threshold) onCommit(value);
    }, 300);
  }

  return (
    <div className="histogram" data-testid="histogram">
      <div className="histogram-caption">
        <span className="histogram-count" aria-live="polite">
          <strong data-testid="flagged-at-threshold">{formatCount(flagged)}</strong> of {formatCount(histogram?.total ?? 0)} photos flagged
        </span>
        <span className="histogram-threshold">threshold <strong data-testid="threshold-value">{t.toFixed(2)}</strong></span>
      </div>
      <div
        ref={track}
        className={`histogram-track${draft !== null ? ' dragging' : ''}`}
        data-testid="histogram-track"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDraft(null)}
      >
        <svg viewBox={`0 0 ${Math.max(1, bins.length)} 100`} preserveAspectRatio="none" aria-hidden="true">
          {bins.map((count, i) => {
            const h = count === 0 ? 0 : 4 + 96 * Math.sqrt(count / max);
            return <rect key={i} x={i + 0.08} width={0.84} y={100 - h} height={h} className={i / bins.length >= t - 1e-9 ? 'bar flagged' : 'bar'} />;
          })}
        </svg>
        <div className="threshold-shade" style={{ left: `${t * 100}%` }} />
        <div
          className="threshold-handle"
          style={{ left: `${t * 100}%` }}
          role="slider"
          tabIndex={0}
          aria-label="Blur threshold"
          aria-valuemin={MIN}
          aria-valuemax={MAX}
          aria-valuenow={t}
          aria-valuetext={`${t.toFixed(2)}: ${formatCount(flagged)} photos flagged`}
          onKeyDown={onKeyDown}
        />
      </div>
      <div className="histogram-axis" aria-hidden="true"><span>sharp</span><span>blur score</span><span>blurry</span></div>
      <p className="score-meaning" data-testid="score-meaning">
        A blur score is the model’s probability that the photo’s sharpest textured regions are blurred: 0.00 is crisp, 1.00 blurry.
        At or above the threshold ({t.toFixed(2)}) a photo is flagged; a sharp subject on a soft background scores low.
      </p>
      {meaning && <p className="histogram-meaning" data-testid="threshold-meaning">{meaning}</p>}
    </div>
  );
}
