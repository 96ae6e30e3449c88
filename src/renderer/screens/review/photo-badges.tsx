import type { PhotoListItem } from '../../../shared/review-types.ts';

export function blurTypeLabel(type: PhotoListItem['blurType']): string | null {
  return type === 'motion' ? 'Motion' : type === 'defocus' ? 'Defocus' : null;
}

export function DecisionBadge({ decision }: { decision: PhotoListItem['decision'] }) {
  if (decision === 'trash') return <span className="badge badge-trash" data-decision="trash">Trash</span>;
  if (decision === 'keep') return <span className="badge badge-keep" data-decision="keep">Keep</span>;
  return null;
}

export function ScoreBadge({ item }: { item: PhotoListItem }) {
  if (item.blurScore === null) return null;
  const type = blurTypeLabel(item.blurType);
  return (
    <span className="badge badge-score" title={`Blur score ${item.blurScore.toFixed(3)}${type ? `, ${type.toLowerCase()}` : ''}`}>
      {item.blurScore.toFixed(2)}{type && <span className="badge-sub"> · {type}</span>}
    </span>
  );
}

const labelColours = new Set(['red', 'yellow', 'green', 'blue', 'purple']);

/** Stars, reject and colour label: set in Crisp (keys 0–9), or left by another tool in the photo's XMP sidecar. */
export function SidecarBadges({ item }: { item: PhotoListItem }) {
  const { rating, label } = item;
  const colour = label?.toLowerCase() ?? '';
  return (
    <>
      {rating !== null && rating < 0 && (
        <span className="badge badge-rejected" data-testid="sidecar-rating" data-rating={rating} title="Rejected in Lightroom, darktable or digiKam (XMP sidecar)">
          Rejected
        </span>
      )}
      {rating !== null && rating > 0 && (
        <span className="badge badge-stars" data-testid="sidecar-rating" data-rating={rating} title={`Rated ${rating} of 5`} aria-label={`Rated ${rating} of 5`}>
          {'★'.repeat(Math.min(5, rating))}
        </span>
      )}
      {label && (
        <span className={`badge badge-label${labelColours.has(colour) ? ` label-${colour}` : ''}`} data-testid="sidecar-label" title={`Colour label “${label}”`} data-label={label}>
          {label}
        </span>
      )}
    </>
  );
}

/** A burst shown as one stack in the all-photos view: how many frames it holds. */
export function StackBadge({ item, open }: { item: PhotoListItem; open: boolean }) {
  if (!item.burstSize || item.burstSize < 2) return null;
  return (
    <span className="badge badge-stack" data-testid="stack-badge" title={open ? 'Burst opened: Esc or the badge closes it' : `Burst of ${item.burstSize} frames: double-click or Enter to open the stack`}>
      {open ? 'Burst' : `▤ ${item.burstSize}`}
    </span>
  );
}

/** "+CR2": the other files of this shot (a RAW+JPEG pair); a decision applies to all of them. */
export function CompanionBadge({ item }: { item: PhotoListItem }) {
  const companions = item.companions ?? [];
  if (companions.length === 0) return null;
  const exts = companions.map((f) => (/\.([^.]+)$/.exec(f)?.[1] ?? f).toUpperCase());
  return (
    <span className="badge badge-pair" data-testid="companion-badge" title={`Same shot as ${companions.join(', ')}: a decision applies to all of them`}>
      +{exts.join(' +')}
    </span>
  );
}

/** Words for the sidecar and companion badges, for an accessible name. */
export function extrasDescription(item: PhotoListItem): string {
  const parts: string[] = [];
  if (item.companions?.length) parts.push(`with ${item.companions.join(', ')}`);
  if (item.rating !== null && item.rating < 0) parts.push('rejected in sidecar');
  if (item.rating !== null && item.rating > 0) parts.push(`rated ${item.rating}`);
  if (item.label) parts.push(`label ${item.label}`);
  if (item.burstSize && item.burstSize > 1) parts.push(`burst of ${item.burstSize}`);
  return parts.length ? `, ${parts.join(', ')}` : '';
}
