/** Where the model looks: shared by the engine that cuts the tiles and the UI that draws the focus map over them. */

/** Tile origins along one axis: every `stride`, plus one flush with the far edge if the grid falls short. */
export function tileOrigins(length: number, tile: number, stride: number): number[] {
  if (length <= tile) return [0];
  const xs: number[] = [];
  for (let x = 0; x + tile <= length; x += stride) xs.push(x);
  if (xs[xs.length - 1] + tile < length) xs.push(length - tile);
  return xs;
}

/** Size of the analysis image: long edge at most `longEdge` (never upscaled), short edge at least `minEdge`. */
export function analysisSize(width: number, height: number, longEdge: number, minEdge: number): { width: number; height: number } {
  let scale = Math.min(1, longEdge / Math.max(width, height));
  if (Math.min(width, height) * scale < minEdge) scale = minEdge / Math.min(width, height);
  return { width: Math.max(minEdge, Math.round(width * scale)), height: Math.max(minEdge, Math.round(height * scale)) };
}
