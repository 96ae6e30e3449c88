import { useEffect } from 'react';
import { useClient } from '../../api/client-context.tsx';
import { DecisionBadge } from '../review/photo-badges.tsx';
import type { ReviewList } from '../review/use-review-list.ts';

const AROUND = 8;

/** The current list, in its current sort, around the photo shown; click a frame to show it. */
export function Filmstrip({ list, activeIndex, onPick }: { list: ReviewList; activeIndex: number; onPick(index: number): void }) {
  const client = useClient();
  const total = list.total ?? 0;
  const from = Math.max(0, Math.min(activeIndex - AROUND, total - 2 * AROUND - 1));
  const to = Math.min(total - 1, from + 2 * AROUND);
  useEffect(() => { list.ensure(from, to); }, [list, from, to]);
  if (total === 0) return null;
  const indices = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return (
    <ol className="filmstrip" aria-label="Filmstrip" data-testid="filmstrip">
      {indices.map((index) => {
        const item = list.itemAt(index);
        return (
          <li key={index}>
            <button
              type="button"
              tabIndex={-1}
              className={`filmstrip-frame${index === activeIndex ? ' current' : ''}`}
              aria-current={index === activeIndex ? 'true' : undefined}
              aria-label={item ? `${item.fileName}${index === activeIndex ? ', shown' : ''}` : 'Loading'}
              data-index={index}
              onClick={() => onPick(index)}
            >
              {item && <img src={client.mediaUrl('thumb', item.id)} alt="" loading="lazy" draggable={false} />}
              {item && <DecisionBadge decision={item.decision} />}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
