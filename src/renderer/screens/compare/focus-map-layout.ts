import type { FocusMap } from '../../../shared/review-types.ts';

// Mirrors the engine's analysis geometry (model card: 128 px tiles, stride 128, last tile flush
// with the far edge), so overlay tiles sit where the model actually looked.
const TILE = 128;
const LONG_EDGE = { standard: 2048, strict: 4096 } as const;

function analysisSize(width: number, height: number, longEdge: number): { width: number; height: number } {
  let scale = Math.min(1, longEdge / Math.max(width, height));
  if (Math.min(width, height) * scale < TILE) scale = TILE / Math.min(width, height);
  return { width: Math.max(TILE, Math.round(width * scale)), height: Math.max(TILE, Math.round(height * scale)) };
}

function tileOrigins(length: number): number[] {
  if (length <= TILE) return [0];
  const xs: number[] = [];
  for (let x = 0; x + TILE <= length; x += TILE) xs.push(x);
  if (xs[xs.length - 1] + TILE < length) xs.push(length - TILE);
  return xs;
}

export interface TileRect {
  /** Fractions of the image, 0..1. */
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where each tile of the map lies on the photo; falls back to an even grid if the geometry doesn't match. */
export function tileRects(map: FocusMap, imageWidth: number, imageHeight: number, preferred: keyof typeof LONG_EDGE): TileRect[] {
  const levels = preferred === 'strict' ? [LONG_EDGE.strict, LONG_EDGE.standard] : [LONG_EDGE.standard, LONG_EDGE.strict];
  for (const longEdge of levels) {
    const size = analysisSize(imageWidth, imageHeight, longEdge);
    const xs = tileOrigins(size.width);
    const ys = tileOrigins(size.height);
    if (xs.length !== map.cols || ys.length !== map.rows) continue;
    const w = Math.min(1, TILE / size.width);
    const h = Math.min(1, TILE / size.height);
    return ys.flatMap((y) => xs.map((x) => ({ x: x / size.width, y: y / size.height, w, h })));
  }
  const rects: TileRect[] = [];
  for (let r = 0; r < map.rows; r++) {
    for (let c = 0; c < map.cols; c++) rects.push({ x: c / map.cols, y: r / map.rows, w: 1 / map.cols, h: 1 / map.rows });
  }
  return rects;
}
