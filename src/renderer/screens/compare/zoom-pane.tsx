import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { PhotoDetail, PhotoListItem } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { useElementSize } from '../review/use-element-size.ts';
import { AfPointMarker } from './af-point-marker.tsx';
import { FocusOverlay } from './focus-overlay.tsx';
import { layout, panBy, zoomAt, type Box, type View } from './zoom-math.ts';

/** candidate and keeper in compare, loupe, or survey-N in the N-up view. */
export type PaneId = string;

export interface PaneHover {
  pane: PaneId;
  x: number;
  y: number;
}

interface Props {
  id: PaneId;
  title: string;
  header: ReactNode;
  footer: ReactNode;
  photo: PhotoListItem | null;
  detail: PhotoDetail | null;
  view: View;
  onView(view: View): void;
  overlay: boolean;
  onBox(id: PaneId, box: Box | null): void;
  onHover(hover: PaneHover | null): void;
  onToggleActualPixels(id: PaneId, x: number, y: number): void;
  empty: ReactNode;
  pinned?: boolean;
}

export function ZoomPane(props: Props) {
  const { id, photo, detail, view, onView, overlay, onBox, onHover } = props;
  const client = useClient();
  const frame = useRef<HTMLDivElement>(null);
  const { width: pw, height: ph } = useElementSize(frame);
  const [natural, setNatural] = useState<{ id: number; iw: number; ih: number } | null>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const [failedId, setFailedId] = useState<number | null>(null);

  const loaded = natural !== null && photo !== null && natural.id === photo.id;
  const iw = loaded ? natural.iw : 0;
  const ih = loaded ? natural.ih : 0;
  const dpr = window.devicePixelRatio || 1;
  const box: Box | null = iw > 0 && pw > 0 ? { pw, ph, iw, ih, dpr } : null;
  useEffect(() => { onBox(id, iw > 0 && pw > 0 ? { pw, ph, iw, ih, dpr } : null); }, [id, onBox, pw, ph, iw, ih, dpr]);

  // A native listener: React's wheel handler is passive and can't stop the page from zooming.
  const latest = useRef({ view, box, onView });
  latest.current = { view, box, onView };
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const { view: v, box: b, onView: set } = latest.current;
      if (!b) return;
      const rect = el.getBoundingClientRect();
      const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      set(zoomAt(v, b, v.zoom * Math.exp(-delta * 0.0025), e.clientX - rect.left, e.clientY - rect.top));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const { scale, tx, ty } = box ? layout(view, box) : { scale: 1, tx: 0, ty: 0 };
  const shown = photo !== null && loaded && detail?.id === photo.id ? detail : null;
  const af = box && shown?.afPoint ? shown.afPoint : null;
  const judged = shown?.source?.width && shown.source.height ? { width: shown.source.width, height: shown.source.height } : undefined;
  const local = (e: { clientX: number; clientY: number }) => {
    const rect = frame.current!.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  return (
    <figure className={`compare-pane pane-${id}${props.pinned ? ' pinned' : ''}`} aria-label={props.title} data-pane={id}>
      <figcaption className="pane-header">{props.header}</figcaption>
      <div
        ref={frame}
        className={`pane-frame${view.zoom > 1 ? ' zoomed' : ''}`}
        data-zoom={view.zoom.toFixed(4)}
        onPointerDown={(e) => {
          if (e.button !== 0 || !box) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { x: e.clientX, y: e.clientY };
        }}
        onPointerMove={(e) => {
          onHover({ pane: id, ...local(e) });
          if (!drag.current || !box) return;
          const dx = e.clientX - drag.current.x;
          const dy = e.clientY - drag.current.y;
          drag.current = { x: e.clientX, y: e.clientY };
          onView(panBy(view, box, dx, dy));
        }}
        onPointerUp={() => { drag.current = null; }}
        onPointerLeave={() => onHover(null)}
        onDoubleClick={(e) => { const p = local(e); props.onToggleActualPixels(id, p.x, p.y); }}
      >
        {photo ? (
          <div
            className={`pane-canvas${scale * dpr >= 2 ? ' pixelated' : ''}`}
            data-testid={`pane-canvas-${id}`}
            style={{
              width: natural?.iw ?? 0,
              height: natural?.ih ?? 0,
              transform: `translate(${tx.toFixed(2)}px, ${ty.toFixed(2)}px) scale(${scale.toFixed(5)})`,
              visibility: loaded ? 'visible' : 'hidden',
            }}
          >
            <img
              key={photo.id}
              src={client.mediaUrl('photo', photo.id)}
              alt={photo.fileName}
              draggable={false}
              decoding="async"
              onLoad={(e) => setNatural({ id: photo.id, iw: e.currentTarget.naturalWidth, ih: e.currentTarget.naturalHeight })}
              onError={() => setFailedId(photo.id)}
            />
            {overlay && loaded && shown?.focusMap && (
              <FocusOverlay map={shown.focusMap} imageWidth={natural.iw} imageHeight={natural.ih} judged={judged} />
            )}
          </div>
        ) : (
          <div className="pane-empty">{props.empty}</div>
        )}
        {af && <AfPointMarker left={tx + af.x * iw * scale} top={ty + af.y * ih * scale} />}
        {photo && !loaded && (
          <div className="pane-loading" aria-live="polite">{failedId === photo.id ? `Can't display ${photo.fileName} here.` : 'Loading…'}</div>
        )}
        {box && <span className="zoom-readout" aria-label="Zoom">{Math.round(scale * dpr * 100)}%</span>}
      </div>
      <div className="pane-footer">{props.footer}</div>
    </figure>
  );
}
