import type { PhotoListItem } from '../../../shared/review-types.ts';
import { CompanionBadge, DecisionBadge, ScoreBadge, SidecarBadges } from '../review/photo-badges.tsx';

export function PaneHeader({ kind, item, pinned }: { kind: string; item: PhotoListItem; pinned?: boolean }) {
  return (
    <>
      {kind && <span className={`pane-kind${pinned ? ' pinned' : ''}`}>{kind}</span>}
      <span className="pane-name" title={item.path}>{item.fileName}</span>
      <CompanionBadge item={item} />
      <ScoreBadge item={item} />
      <SidecarBadges item={item} />
      <DecisionBadge decision={item.decision} />
    </>
  );
}
