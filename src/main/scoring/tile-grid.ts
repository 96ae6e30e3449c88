import { tileOrigins } from '../../shared/tile-geometry.ts';

export { tileOrigins };

export interface TileGrid {
  xs: number[];
  ys: number[];
  tile: number;
}

export function tileGrid(width: number, height: number, tile: number, stride: number): TileGrid {
  return { xs: tileOrigins(width, tile, stride), ys: tileOrigins(height, tile, stride), tile };
}

const unit = Float32Array.from({ length: 256 }, (_, i) => i / 255);

/**
 * Cuts tiles `first .. first+count-1` (row-major) of the grid out of an interleaved RGB image
 * (3 bytes per pixel) into one planar float32 NCHW batch scaled to 0..1, which the model takes.
 * Writes into `into` when given (reused between batches: allocating ~19 MB per batch costs more
 * than the copy), and returns the part of it that holds the batch.
 */
export function cutTiles(rgb: Uint8Array, width: number, grid: TileGrid, first = 0, count = grid.xs.length * grid.ys.length, into?: Float32Array): Float32Array {
  const { xs, tile } = grid;
  const plane = tile * tile;
  const size = count * 3 * plane;
  if (into && into.length < size) throw new Error(`tile buffer holds ${into.length} values, the batch needs ${size}`);
  const out = into ? into.subarray(0, size) : new Float32Array(size);
  for (let n = 0; n < count; n++) {
    const k = first + n;
    const x0 = xs[k % xs.length];
    const y0 = grid.ys[Math.floor(k / xs.length)];
    const base = n * 3 * plane;
    for (let y = 0; y < tile; y++) {
      let src = ((y0 + y) * width + x0) * 3;
      const r = base + y * tile;
      const g = r + plane;
      const b = g + plane;
      for (let x = 0; x < tile; x++, src += 3) {
        out[r + x] = unit[rgb[src]];
        out[g + x] = unit[rgb[src + 1]];
        out[b + x] = unit[rgb[src + 2]];
      }
    }
  }
  return out;
}

/** Row-major indices of the tiles covering a point (0..1 of the image) and their 8 neighbours. */
export function tilesAround(grid: TileGrid, width: number, height: number, point: { x: number; y: number }): number[] {
  const nearest = (origins: number[], at: number) => origins.reduce((best, o, i) =>
    Math.abs(o + grid.tile / 2 - at) < Math.abs(origins[best] + grid.tile / 2 - at) ? i : best, 0);
  const cx = nearest(grid.xs, point.x * width);
  const cy = nearest(grid.ys, point.y * height);
  const out: number[] = [];
  for (let y = Math.max(0, cy - 1); y <= Math.min(grid.ys.length - 1, cy + 1); y++) {
    for (let x = Math.max(0, cx - 1); x <= Math.min(grid.xs.length - 1, cx + 1); x++) out.push(y * grid.xs.length + x);
  }
  return out;
}
