import { useImperativeHandle, type Ref } from 'react';
import type { PhotoListItem } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { ExifLine } from './exif-line.tsx';
import { PaneHeader } from './pane-header.tsx';
import { usePhotoDetail } from './use-photo-data.ts';
import { useSyncedZoom, type ZoomHandle } from './use-synced-zoom.ts';
import { ZoomPane } from './zoom-pane.tsx';
import { ZoomToolbar } from './zoom-toolbar.tsx';

/** E or Enter: one photo as large as the window allows, with zoom steps; ← → step through the list. */
export function LoupeView({ ref, item, position, overlay }: { ref?: Ref<ZoomHandle>; item: PhotoListItem | undefined; position: string; overlay: boolean }) {
  const client = useClient();
  const { paneProps, handle } = useSyncedZoom();
  useImperativeHandle(ref, () => handle, [handle]);
  const detail = usePhotoDetail(client, item?.id ?? null);
  return (
    <div className="loupe-view" data-testid="loupe-view">
      <ZoomToolbar zoom={handle} />
      <div className="compare-panes panes-1">
        <ZoomPane
          id="loupe"
          title="Loupe"
          header={item ? <PaneHeader kind={position} item={item} /> : null}
          footer={<ExifLine exif={detail?.id === item?.id ? detail?.exif : undefined} source={detail?.id === item?.id ? detail?.source ?? null : null} />}
          photo={item ?? null}
          detail={detail}
          {...paneProps}
          overlay={overlay}
          empty="No photo selected"
        />
      </div>
    </div>
  );
}
