import { useImperativeHandle, type Ref } from 'react';
import type { PhotoListItem } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { PaneHeader } from './pane-header.tsx';
import { usePhotoDetail } from './use-photo-data.ts';
import { useSyncedZoom, type ZoomHandle } from './use-synced-zoom.ts';
import { ZoomPane } from './zoom-pane.tsx';
import { ZoomToolbar } from './zoom-toolbar.tsx';

interface Props {
  ref?: Ref<ZoomHandle>;
  photoIds: number[];
  overlay: boolean;
  /** Decisions and marks as the list knows them (fresher than photos:get). */
  fresh(photoId: number): PhotoListItem | undefined;
}

/** N-up (Lightroom's Survey): 2 to 4 chosen frames side by side, zoom and pan in step. */
export function SurveyView({ ref, photoIds, overlay, fresh }: Props) {
  const { paneProps, handle } = useSyncedZoom();
  useImperativeHandle(ref, () => handle, [handle]);
  return (
    <div className="survey-view" data-testid="survey-view">
      <ZoomToolbar zoom={handle} />
      <div className={`compare-panes panes-${photoIds.length}`}>
        {photoIds.map((id, i) => (
          <SurveyPane
            key={id}
            pane={`survey-${i}`}
            photoId={id}
            fresh={fresh(id)}
            shared={{ ...paneProps, overlay }}
          />
        ))}
      </div>
    </div>
  );
}

type Shared = ReturnType<typeof useSyncedZoom>['paneProps'] & { overlay: boolean };

function SurveyPane({ pane, photoId, fresh, shared }: { pane: string; photoId: number; fresh: PhotoListItem | undefined; shared: Shared }) {
  const client = useClient();
  const detail = usePhotoDetail(client, photoId);
  const item = fresh ?? detail ?? null;
  return (
    <ZoomPane
      id={pane}
      title={item?.fileName ?? 'Photo'}
      header={item ? <PaneHeader kind="" item={item} /> : null}
      footer={null}
      photo={item}
      detail={detail}
      {...shared}
      empty="Loading…"
    />
  );
}
