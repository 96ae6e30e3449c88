import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSession } from '../../src/main/scan/scan-session.ts';
import { fixtureDir, tempDir } from '../helpers/photo-factory.ts';
import { openSession, scan, type HarnessRun } from '../helpers/scan-harness.ts';

describe('formats and orientation', () => {
  let session: ScanSession;
  let run: HarnessRun;

  beforeAll(async () => {
    const root = tempDir();
    const coffee = path.join(fixtureDir, 'coffee.png');
    await sharp(coffee).tiff({ compression: 'lzw' }).toFile(path.join(root, 'coffee.tif'));
    await sharp(coffee).webp({ quality: 90 }).toFile(path.join(root, 'coffee.webp'));
    await sharp(coffee).avif({ quality: 70 }).toFile(path.join(root, 'coffee.avif'));
    await sharp(coffee).toColourspace('rgb16').png().toFile(path.join(root, 'coffee-16bit.png'));
    await sharp(coffee).ensureAlpha(0.5).png().toFile(path.join(root, 'coffee-alpha.png'));
    await sharp(coffee).toColourspace('cmyk').jpeg({ quality: 92 }).toFile(path.join(root, 'coffee-cmyk.jpg'));
    // Stored landscape (600x400), shown portrait: a phone held upright.
    await sharp(coffee).jpeg({ quality: 92 }).withMetadata({ orientation: 6 }).toFile(path.join(root, 'portrait.jpg'));
    session = openSession();
    run = await scan(session, root);
  });

  afterAll(async () => {
    await session.close();
  });

  it.each(['coffee.tif', 'coffee.webp', 'coffee.avif', 'coffee-16bit.png', 'coffee-alpha.png', 'coffee-cmyk.jpg'])('scores %s', (name) => {
    expect(run.lines.get(name)).toMatchObject({ status: 'scored', verdict: 'sharp' });
  });

  it('judges a photo as displayed, after its EXIF rotation, and thumbnails it upright', async () => {
    const row = session.db.prepare("SELECT width, height, orientation, thumb_path AS thumb FROM photos WHERE path LIKE '%portrait.jpg'").get() as {
      width: number; height: number; orientation: number; thumb: string;
    };
    expect(row).toMatchObject({ width: 400, height: 600, orientation: 6 });
    const thumb = await sharp(row.thumb).metadata();
    expect(thumb.height).toBeGreaterThan(thumb.width!);
    const score = session.db.prepare("SELECT tile_cols AS cols, tile_rows AS rows FROM scores s JOIN photos p ON p.id = s.photo_id WHERE p.path LIKE '%portrait.jpg'").get();
    expect(score).toEqual({ cols: 4, rows: 5 });
  });
});
