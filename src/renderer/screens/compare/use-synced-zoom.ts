import { useCallback, useMemo, useRef, useState } from 'react';
import type { PaneHover, PaneId } from './zoom-pane.tsx';
import { actualPixelsZoom, FIT, zoomAt, type Box, type View } from './zoom-math.ts';

/** Zoom steps of + and −: each doubles or halves the zoom, as Lightroom's and Photo Mechanic's do. */
const STEP = 2;

export interface ZoomHandle {
  /** Z: 100% at the cursor (or the centre), or back to fit. */
  toggleActualPixels(): void;
  /** + / −: one zoom step at the cursor (or the centre). */
  zoomStep(direction: 1 | -1): void;
  fit(): void;
  actualPixels(): void;
}

/** One view shared by every pane of a loupe, compare or N-up, so zoom and pan stay in step. */
export function useSyncedZoom() {
  const [view, setView] = useState<View>(FIT);
  const boxes = useRef<Partial<Record<PaneId, Box>>>({});
  const hover = useRef<PaneHover | null>(null);

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

  /** Where a key acts: the pane under the cursor, else the first pane, at its centre. */
  const anchor = useCallback((): { pane: PaneId; box: Box; x: number; y: number } | null => {
    const h = hover.current;
    if (h && boxes.current[h.pane]) return { pane: h.pane, box: boxes.current[h.pane]!, x: h.x, y: h.y };
    const first = Object.keys(boxes.current)[0];
    const box = first === undefined ? undefined : boxes.current[first];
    return box ? { pane: first, box, x: box.pw / 2, y: box.ph / 2 } : null;
  }, []);

  const handle = useMemo<ZoomHandle>(() => ({
    toggleActualPixels() {
      const a = anchor();
      if (a) toggleAt(a.pane, a.x, a.y);
    },
    zoomStep(direction) {
      const a = anchor();
      if (a) setView((v) => zoomAt(v, a.box, v.zoom * (direction > 0 ? STEP : 1 / STEP), a.x, a.y));
    },
    fit() { setView(FIT); },
    actualPixels() {
      const a = anchor();
      if (a) setView((v) => zoomAt(v, a.box, actualPixelsZoom(a.box), a.x, a.y));
    },
  }), [anchor, toggleAt]);

  /** What every pane of the view is given, so they all show the one view. */
  const paneProps = useMemo(() => ({ view, onView: setView, onBox, onHover, onToggleActualPixels: toggleAt }), [view, onBox, onHover, toggleAt]);
  return { paneProps, handle };
}
