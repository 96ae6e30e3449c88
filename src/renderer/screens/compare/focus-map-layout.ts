import type { FocusMap } from '../../../shared/review-types.ts';
import { analysisSize, tileOrigins } from '../../../shared/tile-geometry.ts';

export interface TileRect {
  /** Fractions of the image, 0..1. */
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Where each tile of the map lies on the photo, from the geometry the model used. `width` and
 * `height` are those of the judged image (a RAW's embedded preview, not whatever the pane shows);
 * falls back to an even grid if the geometry doesn't match the map.
 */
export function tileRects(map: FocusMap, width: number, height: number): TileRect[] {
  const size = analysisSize(width, height, map.analysisLongEdge, map.tileSize);
  const xs = tileOrigins(size.width, map.tileSize, map.stride);
  const ys = tileOrigins(size.height, map.tileSize, map.stride);
  if (xs.length === map.cols && ys.length === map.rows) {
    const w = Math.min(1, map.tileSize / size.width);
    const h = Math.min(1, map.tileSize / size.height);
    return ys.flatMap((y) => xs.map((x) => ({ x: x / size.width, y: y / size.height, w, h })));
  }
  const rects: TileRect[] = [];
  for (let r = 0; r < map.rows; r++) {
    for (let c = 0; c < map.cols; c++) rects.push({ x: c / map.cols, y: r / map.rows, w: 1 / map.cols, h: 1 / map.rows });
  }
  return rects;
}
