import { useCallback, useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import type { PhotoListItem } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { CompanionBadge, DecisionBadge, ScoreBadge, SidecarBadges } from '../review/photo-badges.tsx';
import { ExifLine } from './exif-line.tsx';
import { SiblingStrip } from './sibling-strip.tsx';
import { usePhotoDetail, useSiblings } from './use-photo-data.ts';
import { ZoomPane, type PaneHover, type PaneId } from './zoom-pane.tsx';
import { actualPixelsZoom, FIT, zoomAt, type Box, type View } from './zoom-math.ts';

export interface CompareHandle {
  /** Z: 100% at the cursor (or the centre), or back to fit. */
  toggleActualPixels(): void;
}

export interface KeeperChoice {
  item: PhotoListItem | null;
  pinned: boolean;
}

interface Props {
  ref?: Ref<CompareHandle>;
  active: PhotoListItem | undefined;
  position: string;
  keeper: KeeperChoice;
  onKeeper(choice: KeeperChoice): void;
  /** Which photo the keeper pane shows, so pinning can freeze it. */
  onShownKeeper(item: PhotoListItem | null): void;
  overlay: boolean;
}

export function CompareView({ ref, active, position, keeper, onKeeper, onShownKeeper, overlay }: Props) {
  const client = useClient();
  const [view, setView] = useState<View>(FIT);
  const boxes = useRef<Partial<Record<PaneId, Box>>>({});
  const hover = useRef<PaneHover | null>(null);

  const activeId = active?.id ?? null;
  const siblings = useSiblings(client, activeId);
  const best = siblings?.best && siblings.best.id !== activeId ? siblings.best : null;
  const keeperItem = keeper.item ?? best;
  useEffect(() => onShownKeeper(keeperItem), [keeperItem, onShownKeeper]);
  const candidateDetail = usePhotoDetail(client, activeId);
  const keeperDetail = usePhotoDetail(client, keeperItem?.id ?? null);

  const onBox = useCallback((id: PaneId, box: Box | null) => {
    if (box) boxes.current[id] = box;
    else delete boxes.current[id];
  }, []);
  const onHover = useCallback((h: PaneHover | null) => { hover.current = h; }, []);

  const toggleAt = useCallback((pane: PaneId, x: number, y: number) => {
    const box = boxes.current[pane];
    if (!box) return;
    setView((v) => {
      const target = actualPixelsZoom(box);
      return Math.abs(v.zoom - target) < 1e-3 ? FIT : zoomAt(v, box, target, x, y);
    });
  }, []);

  useImperativeHandle(ref, () => ({
    toggleActualPixels() {
      const h = hover.current;
      if (h) return toggleAt(h.pane, h.x, h.y);
      const pane: PaneId = boxes.current.candidate ? 'candidate' : 'keeper';
      const box = boxes.current[pane];
      if (box) toggleAt(pane, box.pw / 2, box.ph / 2);
    },
  }), [toggleAt]);

  const keeperTitle = keeper.pinned ? 'Pinned keeper' : keeper.item ? 'Your pick' : 'Sharpest in burst';
  const sameAsActive = siblings?.best?.id === activeId && !keeper.item;

  // Both panes share one view, so zoom and pan stay in step.
  const shared = { view, onView: setView, overlay, onBox, onHover, onToggleActualPixels: toggleAt };

  return (
    <div className="compare-view" data-testid="compare-view">
      <div className="compare-panes">
        <ZoomPane
          id="candidate"
          title="Flagged photo"
          header={active ? <PaneHeader kind={`Flagged · ${position}`} item={active} /> : null}
          footer={<ExifLine exif={candidateDetail?.id === activeId ? candidateDetail.exif : undefined} source={candidateDetail?.id === activeId ? candidateDetail.source : null} />}
          photo={active ?? null}
          detail={candidateDetail}
          {...shared}
          empty="No photo selected"
        />
        <ZoomPane
          id="keeper"
          title="Keeper"
          pinned={keeper.pinned}
          header={keeperItem ? <PaneHeader kind={keeperTitle} item={keeperItem} pinned={keeper.pinned} /> : <span className="pane-kind">Keeper</span>}
          footer={<ExifLine exif={keeperDetail && keeperDetail.id === keeperItem?.id ? keeperDetail.exif : undefined} source={keeperDetail?.id === keeperItem?.id ? keeperDetail?.source : null} />}
          photo={keeperItem}
          detail={keeperDetail}
          {...shared}
          empty={
            siblings === null ? 'Looking for sharper shots…'
              : sameAsActive ? 'This is already the sharpest shot in its burst.'
                : 'No sharper shot in this burst. Pick one below, or Shift+click any photo in the grid.'
          }
        />
      </div>
      <SiblingStrip
        candidates={siblings?.candidates ?? []}
        currentId={activeId}
        keeperId={keeperItem?.id ?? null}
        bestId={siblings?.best?.id ?? null}
        onPick={(item) => onKeeper({ item, pinned: keeper.pinned })}
      />
    </div>
  );
}

function PaneHeader({ kind, item, pinned }: { kind: string; item: PhotoListItem; pinned?: boolean }) {
  return (
    <>
      <span className={`pane-kind${pinned ? ' pinned' : ''}`}>{kind}</span>
      <span className="pane-name" title={item.path}>{item.fileName}</span>
      <CompanionBadge item={item} />
      <ScoreBadge item={item} />
      <SidecarBadges item={item} />
      <DecisionBadge decision={item.decision} />
    </>
  );
}
