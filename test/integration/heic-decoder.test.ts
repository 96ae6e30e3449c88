import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeHeic } from '../../src/main/formats/heic-decoder.ts';
import { repoRoot } from '../helpers/run-cli.ts';

// Encoded with libheif's heif-enc (Debian libheif-examples) from a real photo; see LICENSES.md.
const heic = (f: string) => fs.readFileSync(path.join(repoRoot, 'test/fixtures/heic', f));

describe('decodeHeic', () => {
  it('decodes a 12 MP HEIC to RGBA sharp can take, well within the 3 s budget', async () => {
    const buf = heic('wood-12mp.heic');
    await decodeHeic(heic('wood-640.heic')); // loads the WebAssembly module, as the scorer does once
    const started = performance.now();
    const d = await decodeHeic(buf);
    const ms = performance.now() - started;
    expect([d.width, d.height, d.channels, d.data.length]).toEqual([4032, 3024, 4, 4032 * 3024 * 4]);
    // Generous for a loaded 2-core CI machine; ~0.6-1 s measured there.
    expect(ms).toBeLessThan(3000);
    const { data, info } = await sharp(d.data, { raw: { width: d.width, height: d.height, channels: 4 } })
      .resize(2048).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([2048, 1536, 3]);
    // A real photo of wood decodes to varied, not blank, pixels.
    const stats = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).stats();
    expect(stats.channels[0].stdev).toBeGreaterThan(10);
  });

  it('decodes a small HEIC to opaque RGBA', async () => {
    const d = await decodeHeic(heic('wood-640.heic'));
    expect([d.width, d.height]).toEqual([640, 480]);
    expect(d.data[3]).toBe(255);
  });

  it('refuses other files and pixel bombs with a code', async () => {
    const jpeg = fs.readFileSync(path.join(repoRoot, 'test/fixtures/bursts/tree-frame-030.jpg'));
    await expect(decodeHeic(jpeg)).rejects.toMatchObject({ code: 'NOT_HEIC' });
    await expect(decodeHeic(heic('wood-12mp.heic'), 1_000_000)).rejects.toMatchObject({ code: 'TOO_MANY_PIXELS' });
    const truncated = heic('wood-12mp.heic').subarray(0, 2000);
    await expect(decodeHeic(truncated)).rejects.toMatchObject({ code: 'DECODE_FAILED' });
  });
});
