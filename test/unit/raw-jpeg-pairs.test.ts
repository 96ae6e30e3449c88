import { describe, expect, it } from 'vitest';
import { pairRawJpeg } from '../../src/main/formats/raw-jpeg-pairs.ts';

describe('pairRawJpeg', () => {
  it('makes the RAW the primary of same-named JPEG and HEIF files in the same folder', () => {
    const pairs = pairRawJpeg([
      '/s/IMG_0001.JPG', '/s/IMG_0001.CR2', '/s/IMG_0002.CR3', '/s/IMG_0002.HIF', '/s/IMG_0003.JPG',
      '/other/IMG_0001.JPG', '/s/dsc_9.jpg', '/s/DSC_9.NEF',
    ]);
    expect(Object.fromEntries(pairs)).toEqual({
      '/s/IMG_0001.CR2': ['/s/IMG_0001.JPG'],
      '/s/IMG_0002.CR3': ['/s/IMG_0002.HIF'],
      '/s/IMG_0003.JPG': [],
      '/other/IMG_0001.JPG': [],
      '/s/DSC_9.NEF': ['/s/dsc_9.jpg'],
    });
  });

  it('keeps same-named photos without a RAW apart, and lists every path once', () => {
    const input = ['/s/a.jpg', '/s/a.png', '/s/b.dng', '/s/b.DNG.jpg'];
    const pairs = pairRawJpeg(input);
    expect(Object.fromEntries(pairs)).toEqual({ '/s/a.jpg': [], '/s/a.png': [], '/s/b.dng': [], '/s/b.DNG.jpg': [] });
    expect([...pairs].flatMap(([k, v]) => [k, ...v]).sort()).toEqual([...input].sort());
  });
});
