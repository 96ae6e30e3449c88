import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { closeExiftool } from '../../src/main/formats/exiftool-process.ts';
import { extractLargestPreview, isRawPath, RawPreviewError } from '../../src/main/formats/raw-preview.ts';
import { repoRoot } from '../helpers/run-cli.ts';

// Real camera files from ExifTool's test set; the *-large-preview ones had a real photo written as their preview by exiftool (see LICENSES.md).
const raw = (f: string) => path.join(repoRoot, 'test/fixtures/raw', f);
afterAll(() => closeExiftool());

describe('isRawPath', () => {
  it('knows RAW extensions in any case, and not JPEG or HEIC', () => {
    for (const f of ['a.CR2', 'a.cr3', 'b.NEF', 'c.arw', 'd.dng', 'e.RAF', 'f.orf', 'g.RW2']) expect(isRawPath(f), f).toBe(true);
    for (const f of ['a.jpg', 'a.heic', 'a.CR2.xmp', 'cr2']) expect(isRawPath(f), f).toBe(false);
  });
});

describe('extractLargestPreview', () => {
  it.each([
    ['dng-large-preview.dng', 'SubIFD1:PreviewImage', 2560, 1920],
    ['cr2-large-preview.cr2', 'IFD0:PreviewImage', 2560, 1600],
    ['nef-large-preview.nef', 'SubIFD:JpgFromRaw', 2560, 1600],
    ['rw2-large-preview.rw2', 'IFD0:JpgFromRaw', 2560, 1600],
  ])('takes the embedded JPEG from %s', async (file, tag, width, height) => {
    const p = await extractLargestPreview(raw(file));
    expect(p).toMatchObject({ tag, width, height, orientation: 1 });
    const meta = await sharp(p.jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', width, height]);
  });

  it('picks the preview with the most pixels, and reports one under the analysis scale as too small', async () => {
    // This RAF holds a 8x8 PreviewImage and a 160x120 ThumbnailImage.
    const err = await extractLargestPreview(raw('exiftool-fujifilm.raf')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RawPreviewError);
    expect(err).toMatchObject({ code: 'PREVIEW_TOO_SMALL', found: { tag: 'IFD1:ThumbnailImage', width: 160, height: 120 } });
    expect((err as Error).message).toMatch(/^preview too small/);
    await expect(extractLargestPreview(raw('exiftool-panasonic.rw2'))).rejects.toMatchObject({ code: 'PREVIEW_TOO_SMALL' });
    await expect(extractLargestPreview(raw('exiftool-fujifilm.raf'), 100)).resolves.toMatchObject({ width: 160, height: 120 });
  });

  it('says NO_PREVIEW when the embedded previews are missing or not JPEGs', async () => {
    await expect(extractLargestPreview(raw('exiftool-canon.cr3'))).rejects.toMatchObject({ code: 'NO_PREVIEW' });
    await expect(extractLargestPreview(raw('exiftool-nikon.nef'))).rejects.toMatchObject({ code: 'NO_PREVIEW' });
    await expect(extractLargestPreview(path.join(repoRoot, 'test/fixtures/bursts/tree-frame-030.jpg'))).rejects.toMatchObject({ code: 'NO_PREVIEW' });
  });
});
