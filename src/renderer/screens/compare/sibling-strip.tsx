import type { PhotoListItem } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';

interface Props {
  candidates: PhotoListItem[];
  currentId: number | null;
  keeperId: number | null;
  bestId: number | null;
  onPick(item: PhotoListItem): void;
}

export function SiblingStrip({ candidates, currentId, keeperId, bestId, onPick }: Props) {
  const client = useClient();
  if (candidates.length === 0) {
    return <div className="sibling-strip empty">No other shots within the burst window. Shift+click any photo in the grid to compare against it.</div>;
  }
  return (
    <ul className="sibling-strip" aria-label="Shots in this burst">
      {candidates.map((c) => (
        <li key={c.id}>
          <button
            type="button"
            className={`sibling${c.id === keeperId ? ' keeper' : ''}${c.id === currentId ? ' current' : ''}`}
            aria-pressed={c.id === keeperId}
            aria-label={`Compare with ${c.fileName}, blur ${c.blurScore?.toFixed(2) ?? 'unscored'}${c.id === bestId ? ', sharpest in burst' : ''}`}
            onClick={() => onPick(c)}
          >
            <img src={client.mediaUrl('thumb', c.id)} alt="" loading="lazy" draggable={false} />
            <span className="sibling-score">{c.blurScore?.toFixed(2) ?? '–'}{c.id === bestId ? ' ★' : ''}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
