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
