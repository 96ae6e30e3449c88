import { describe, expect, it } from 'vitest';
import { cutTiles, tileGrid, tileOrigins } from '../../src/main/scoring/tile-grid.ts';

describe('tileOrigins', () => {
  it('steps by the stride and adds a tile flush with the far edge', () => {
    expect(tileOrigins(300, 128, 128)).toEqual([0, 128, 172]);
    expect(tileOrigins(256, 128, 128)).toEqual([0, 128]);
    expect(tileOrigins(128, 128, 128)).toEqual([0]);
    expect(tileOrigins(200, 128, 64)).toEqual([0, 64, 72]);
  });
});

describe('cutTiles', () => {
  it('cuts row-major tiles into planar RGB scaled to 0..1', () => {
    const width = 5;
    const height = 4;
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) rgb.set([i, 100 + i, 200], i * 3);
    const grid = tileGrid(width, height, 2, 2);
    expect(grid.xs).toEqual([0, 2, 3]);
    expect(grid.ys).toEqual([0, 2]);
    const all = cutTiles(rgb, width, grid);
    expect(all.length).toBe(6 * 3 * 4);
    // Tile 4 is row 1, column 1: origin (2, 2); its R plane holds pixels 12, 13, 17, 18.
    const t4 = all.subarray(4 * 12, 5 * 12);
    expect(Array.from(t4.subarray(0, 4)).map((v) => Math.round(v * 255))).toEqual([12, 13, 17, 18]);
    expect(Array.from(t4.subarray(4, 8)).map((v) => Math.round(v * 255))).toEqual([112, 113, 117, 118]);
    expect(t4[8]).toBeCloseTo(200 / 255);
    // A partial batch cut from the same grid matches the full cut.
    expect(Array.from(cutTiles(rgb, width, grid, 4, 2))).toEqual(Array.from(all.subarray(4 * 12)));
    // Cutting into a reused buffer gives the same batch, in place, and refuses a buffer too small.
    const buffer = new Float32Array(3 * 12).fill(-1);
    const reused = cutTiles(rgb, width, grid, 4, 2, buffer);
    expect(reused.buffer).toBe(buffer.buffer);
    expect(Array.from(reused)).toEqual(Array.from(all.subarray(4 * 12)));
    expect(buffer[2 * 12]).toBe(-1);
    expect(() => cutTiles(rgb, width, grid, 0, 6, buffer)).toThrow(/holds 36 values, the batch needs 72/);
  });
});
