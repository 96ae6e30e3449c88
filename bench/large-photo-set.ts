import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import { fixtureDir, fixturePhotos } from '../test/helpers/photo-factory.ts';

export const LARGE_WIDTH = 6000;
export const LARGE_HEIGHT = 4000;

/**
 * Builds `count` distinct 24 MP JPEGs by tiling the fixture photos in a different order and
 * offset for each, so every file has real photographic detail and its own fingerprint.
 * Kept in the temp dir between runs.
 */
export async function largePhotoSet(count: number): Promise<string[]> {
  const dir = path.join(os.tmpdir(), `crisp-bench-24mp-v1`);
  fs.mkdirSync(dir, { recursive: true });
  const sources = await Promise.all(
    fixturePhotos.map((name) => sharp(path.join(fixtureDir, name)).toColourspace('srgb').resize(1000, 1000, { fit: 'cover' }).removeAlpha().raw().toBuffer()),
  );
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `IMG_${String(i + 1).padStart(4, '0')}.jpg`);
    files.push(file);
    if (fs.existsSync(file)) continue;
    const composites: OverlayOptions[] = [];
    for (let y = 0; y < LARGE_HEIGHT; y += 1000) {
      for (let x = 0; x < LARGE_WIDTH; x += 1000) {
        const k = (i * 7 + x / 1000 + (y / 1000) * 3) % sources.length;
        composites.push({ input: sources[k], raw: { width: 1000, height: 1000, channels: 3 }, left: x, top: y });
      }
    }
    await sharp({ create: { width: LARGE_WIDTH, height: LARGE_HEIGHT, channels: 3, background: { r: 0, g: 0, b: 0 } } })
      .composite(composites)
      .jpeg({ quality: 92 })
      .toFile(file);
  }
  return files;
}
