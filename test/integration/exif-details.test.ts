import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { afPointFrom, orient } from '../../src/main/formats/af-point.ts';
import { close, readExifDetails } from '../../src/main/formats/exif-details.ts';
import { repoRoot } from '../helpers/run-cli.ts';

const raw = (f: string) => path.join(repoRoot, 'test/fixtures/raw', f);
afterAll(() => close());

describe('readExifDetails', () => {
  it('reads camera, lens, sub-second time and the AF point from real maker notes', async () => {
    expect(await readExifDetails(raw('exiftool-canon.cr3'))).toEqual({
      make: 'Canon', model: 'Canon EOS M50', lens: 'EF-M15-45mm f/3.5-6.3 IS STM', takenAt: '2018-02-21T12:08:56.21+00:00', orientation: 1,
      // AF area 0 of the M50's face tracking, at (+392, -327) from the centre of 6000x4000, Y up.
      afPoint: { x: expect.closeTo(0.5 + 392 / 6000, 6), y: expect.closeTo(0.5 + 327 / 4000, 6), source: 'Canon AFInfo' },
    });
    expect(await readExifDetails(raw('dng-large-preview.dng'))).toMatchObject({
      model: 'Canon EOS 350D DIGITAL', afPoint: { x: 0.5, y: 0.5, source: 'Canon AFInfo' },
    });
    expect(await readExifDetails(raw('exiftool-nikon.nef'))).toMatchObject({
      make: 'NIKON CORPORATION', lens: 'AF-S DX Zoom-Nikkor 18-70mm f/3.5-4.5G IF-ED', takenAt: '2004-06-09T16:02:35.00',
      afPoint: { x: 0.5, y: 0.5, source: 'Nikon AFPoint' },
    });
    expect((await readExifDetails(raw('exiftool-panasonic.rw2'))).afPoint).toEqual({ x: 0.5, y: 0.5, source: 'Panasonic AFPointPosition' });
  });

  it('gives null, not a guess, where the camera recorded no AF position', async () => {
    expect(await readExifDetails(raw('exiftool-fujifilm.raf'))).toMatchObject({ make: 'FUJIFILM', afPoint: null });
    expect(await readExifDetails(path.join(repoRoot, 'test/fixtures/bursts/tree-frame-030.jpg'))).toMatchObject({ make: null, afPoint: null, takenAt: null });
  });
});

describe('afPointFrom', () => {
  it('maps sensor coordinates onto the oriented image', () => {
    expect(orient(0.2, 0.1, 1)).toEqual({ x: 0.2, y: 0.1 });
    expect(orient(0.2, 0.1, 6)).toEqual({ x: 0.9, y: 0.2 });
    expect(orient(0.2, 0.1, 8)).toEqual({ x: 0.1, y: 0.8 });
    expect(orient(0.2, 0.1, 3)).toEqual({ x: 0.8, y: 0.9 });
    // A Sony FocusLocation near the top-left of a portrait shot (camera turned clockwise).
    expect(afPointFrom({ Make: 'SONY', FocusLocation: '6000 4000 1500 1000', Orientation: 6 })).toEqual({ x: 0.75, y: 0.25, source: 'Sony FocusLocation' });
  });

  it('averages several Canon points in focus, and flips Y for PowerShots', () => {
    const base = { AFImageWidth: 1000, AFImageHeight: 1000, AFAreaXPositions: '-100 100 0', AFAreaYPositions: '100 100 -200', AFPointsInFocus: '3' };
    expect(afPointFrom({ ...base, Model: 'Canon EOS R5' })).toMatchObject({ x: 0.5, y: 0.4 });
    expect(afPointFrom({ ...base, Model: 'Canon PowerShot G7 X' })).toMatchObject({ x: 0.5, y: 0.6 });
    expect(afPointFrom({ ...base, Model: 'Canon EOS R5', AFPointsInFocus: '0', AFPointsSelected: '4' })).toMatchObject({ x: 0.5, y: 0.7 });
    expect(afPointFrom({ ...base, Model: 'Canon EOS R5', AFPointsInFocus: '0' })).toBeNull();
  });
});
