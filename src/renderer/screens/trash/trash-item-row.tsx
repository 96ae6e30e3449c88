import type { PhotoListItem } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { dirName } from '../../format/file-path.ts';
import { formatBytes } from '../../format/format-bytes.ts';
import { ScoreBadge } from '../review/photo-badges.tsx';

export function TrashItemRow({ item, onUnmark }: { item: PhotoListItem; onUnmark(item: PhotoListItem): void }) {
  const client = useClient();
  return (
    <div className="trash-row" data-photo-id={item.id}>
      <img className="trash-thumb" src={client.mediaUrl('thumb', item.id)} alt="" loading="lazy" draggable={false} />
      <div className="trash-row-text">
        <span className="trash-name">{item.fileName}</span>
        <span className="trash-dir" title={item.path}>{dirName(item.path)}</span>
      </div>
      <ScoreBadge item={item} />
      <span className="trash-size">{formatBytes(item.size)}</span>
      <button type="button" onClick={() => onUnmark(item)} aria-label={`Keep ${item.fileName} (remove from trash list)`}>Unmark</button>
    </div>
  );
}
