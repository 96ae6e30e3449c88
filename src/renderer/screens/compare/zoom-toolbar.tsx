import type { ZoomHandle } from './use-synced-zoom.ts';

/** − Fit 100% +: the loupe's and N-up's zoom steps as buttons (the keys are − Z +). */
export function ZoomToolbar({ zoom }: { zoom: ZoomHandle }) {
  return (
    <div className="zoom-toolbar" role="group" aria-label="Zoom">
      <button type="button" tabIndex={-1} onClick={() => zoom.zoomStep(-1)} title="Zoom out (−)" aria-label="Zoom out">−</button>
      <button type="button" tabIndex={-1} onClick={() => zoom.fit()} title="Fit (Z)">Fit</button>
      <button type="button" tabIndex={-1} onClick={() => zoom.actualPixels()} title="100% (Z)">100%</button>
      <button type="button" tabIndex={-1} onClick={() => zoom.zoomStep(1)} title="Zoom in (+)" aria-label="Zoom in">+</button>
    </div>
  );
}
