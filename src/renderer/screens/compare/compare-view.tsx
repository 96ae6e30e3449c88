import { useEffect, useImperativeHandle, type Ref } from 'react';
import type { PhotoListItem } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { ExifLine } from './exif-line.tsx';
import { PaneHeader } from './pane-header.tsx';
import { SiblingStrip } from './sibling-strip.tsx';
import { usePhotoDetail, useSiblings } from './use-photo-data.ts';
import { useSyncedZoom, type ZoomHandle } from './use-synced-zoom.ts';
import { ZoomPane } from './zoom-pane.tsx';

export type CompareHandle = ZoomHandle;

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
  const { paneProps, handle } = useSyncedZoom();

  const activeId = active?.id ?? null;
  const siblings = useSiblings(client, activeId);
  const best = siblings?.best && siblings.best.id !== activeId ? siblings.best : null;
  const keeperItem = keeper.item ?? best;
  useEffect(() => onShownKeeper(keeperItem), [keeperItem, onShownKeeper]);
  const candidateDetail = usePhotoDetail(client, activeId);
  const keeperDetail = usePhotoDetail(client, keeperItem?.id ?? null);

  useImperativeHandle(ref, () => handle, [handle]);

  const keeperTitle = keeper.pinned ? 'Pinned keeper' : keeper.item ? 'Your pick' : 'Sharpest in burst';
  const sameAsActive = siblings?.best?.id === activeId && !keeper.item;

  // Both panes share one view, so zoom and pan stay in step.
  const shared = { ...paneProps, overlay };

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
                : siblings.candidates.length === 0 ? 'No other shot of this scene to compare with. Shift+click any photo in the grid to compare against it.'
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
