const GRID_W = 9;
const GRID_H = 8;

/**
 * 64-bit difference hash (dHash) of an interleaved 8-bit RGB image, as 16 hex digits.
 * The image is area-averaged down to 9x8 luma cells and each bit says whether a cell is
 * brighter than its right neighbour, so the hash survives blur, noise and small shifts
 * between frames of a burst but not a change of scene.
 */
export function perceptualHash(rgb: Uint8Array, width: number, height: number): string {
  if (width < GRID_W || height < GRID_H) throw new RangeError(`image ${width}x${height} is too small to hash`);
  if (rgb.length < width * height * 3) throw new RangeError(`buffer holds ${rgb.length} bytes, expected ${width * height * 3}`);
  const sums = new Float64Array(GRID_W * GRID_H);
  const counts = new Float64Array(GRID_W * GRID_H);
  const colOf = new Uint8Array(width);
  for (let x = 0; x < width; x++) colOf[x] = Math.min(GRID_W - 1, Math.floor((x * GRID_W) / width));
  for (let y = 0; y < height; y++) {
    const rowBase = Math.min(GRID_H - 1, Math.floor((y * GRID_H) / height)) * GRID_W;
    let i = y * width * 3;
    for (let x = 0; x < width; x++, i += 3) {
      const cell = rowBase + colOf[x];
      sums[cell] += 0.299 * rgb[i] + 0.587 * rgb[i + 1] + 0.114 * rgb[i + 2];
      counts[cell]++;
    }
  }
  let hex = '';
  for (let y = 0; y < GRID_H; y++) {
    let byte = 0;
    for (let x = 0; x < GRID_W - 1; x++) {
      const left = sums[y * GRID_W + x] / counts[y * GRID_W + x];
      const right = sums[y * GRID_W + x + 1] / counts[y * GRID_W + x + 1];
      byte = (byte << 1) | (left > right ? 1 : 0);
    }
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** Number of differing bits between two hashes of equal length (0 = identical, 64 = opposite). */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length || !/^[0-9a-f]*$/i.test(a) || !/^[0-9a-f]*$/i.test(b)) {
    throw new RangeError(`cannot compare hashes "${a}" and "${b}"`);
  }
  let bits = 0;
  for (let i = 0; i < a.length; i++) {
    let v = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    for (; v; v &= v - 1) bits++;
  }
  return bits;
}
