/**
 * Zoom and pan shared by both compare panes. The view is relative (zoom over "fit", centre as a
 * fraction of the image), so two photos of the same scene line up even if their pixel sizes differ.
 */
export interface View {
  /** 1 = whole photo fits the pane. */
  zoom: number;
  /** Image point at the pane centre, 0..1. */
  cx: number;
  cy: number;
}

export interface Box {
  /** Pane size in CSS px. */
  pw: number;
  ph: number;
  /** Image natural size in px. */
  iw: number;
  ih: number;
  /** Device pixels per CSS px. */
  dpr: number;
}

export const FIT: View = { zoom: 1, cx: 0.5, cy: 0.5 };
export const MAX_ZOOM = 64;

/** Fit never enlarges past 100%: an upscaled photo looks blurrier than it is, which is the one thing we judge. */
export function fitScale(box: Box): number {
  if (!(box.iw > 0 && box.ih > 0 && box.pw > 0 && box.ph > 0)) return 1;
  return Math.min(box.pw / box.iw, box.ph / box.ih, 1 / box.dpr);
}

export function layout(view: View, box: Box): { scale: number; tx: number; ty: number } {
  const scale = fitScale(box) * view.zoom;
  return { scale, tx: box.pw / 2 - view.cx * box.iw * scale, ty: box.ph / 2 - view.cy * box.ih * scale };
}

/** Keeps the photo covering the pane: no panning into empty space, centred when smaller than the pane. */
export function clampView(view: View, box: Box): View {
  const zoom = Math.min(MAX_ZOOM, Math.max(1, view.zoom));
  const scale = fitScale(box) * zoom;
  const axis = (c: number, paneLen: number, imgLen: number) => {
    const half = paneLen / (2 * imgLen * scale);
    return half >= 0.5 ? 0.5 : Math.min(1 - half, Math.max(half, c));
  };
  return { zoom, cx: axis(view.cx, box.pw, box.iw), cy: axis(view.cy, box.ph, box.ih) };
}

/** Zooms so the image point under (mx, my) stays under it. */
export function zoomAt(view: View, box: Box, zoom: number, mx: number, my: number): View {
  const { scale, tx, ty } = layout(view, box);
  const u = (mx - tx) / (box.iw * scale);
  const v = (my - ty) / (box.ih * scale);
  const next = fitScale(box) * Math.min(MAX_ZOOM, Math.max(1, zoom));
  return clampView({
    zoom,
    cx: (box.pw / 2 - (mx - u * box.iw * next)) / (box.iw * next),
    cy: (box.ph / 2 - (my - v * box.ih * next)) / (box.ih * next),
  }, box);
}

export function panBy(view: View, box: Box, dx: number, dy: number): View {
  const { scale } = layout(view, box);
  return clampView({ ...view, cx: view.cx - dx / (box.iw * scale), cy: view.cy - dy / (box.ih * scale) }, box);
}

/** The zoom at which one image pixel is one device pixel. */
export function actualPixelsZoom(box: Box): number {
  return 1 / box.dpr / fitScale(box);
}
