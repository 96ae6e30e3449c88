import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSession } from '../../src/main/scan/scan-session.ts';
import { fixtureDir, fixturePhotos, handShakeTaps, tempDir, variantJpeg, writeDefocused, writeShallowFocus, writeThroughKernel } from '../helpers/photo-factory.ts';
import { openSession, scan, type HarnessRun } from '../helpers/scan-harness.ts';

// Keepers a culling tool must not trash: a scene at dusk sprinkled with point lights far brighter than
// white (street lamps, string lights, glints: crisp dots on a dark, smooth frame) and a sharp subject on a
// defocused background. The same scenes out of focus, or shaken by hand so that every point light draws the
// camera's path as a thin bright trail, are flagged, so neither verdict comes for free.
const DUSK = { exposure: 0.3, lights: 60 };
const STILL = [{ dx: 0, dy: 0, w: 1 }];

describe('keepers at dusk and in shallow focus, through the engine', () => {
  let session: ScanSession;
  let run: HarnessRun;

  beforeAll(async () => {
    const root = tempDir();
    for (const [i, name] of fixturePhotos.entries()) {
      const src = path.join(fixtureDir, name);
      const dusk = path.join(root, variantJpeg('dusk', name));
      await writeThroughKernel(src, dusk, STILL, { ...DUSK, seed: i + 1 });
      await writeDefocused(dusk, path.join(root, variantJpeg('dusk-defocused', name)), 10);
      await writeThroughKernel(src, path.join(root, variantJpeg('dusk-light-trails', name)), handShakeTaps(12, 1.2), { ...DUSK, seed: i + 1 });
      await writeShallowFocus(src, path.join(root, variantJpeg('shallow-focus', name)), 0.15, 14);
    }
    session = openSession();
    run = await scan(session, root);
  }, 180_000);

  afterAll(async () => {
    await session.close();
  });

  const result = (folder: string, name: string) => run.lines.get(variantJpeg(folder, name))!;

  it.each(fixturePhotos)('%s at dusk with point lights, held still, is kept', (name) => {
    expect(result('dusk', name)).toMatchObject({ status: 'scored', verdict: 'sharp' });
  });

  it.each(fixturePhotos)('%s at dusk, out of focus, is flagged', (name) => {
    expect(result('dusk-defocused', name)).toMatchObject({ status: 'scored', verdict: 'blurry' });
  });

  // Measured, not promised for every scene: 3 of these 5 are flagged (astronaut and camera score 0.13 and 0.11;
  // 5.0 scored all five 0.000). training/README.md, Status (v5.3.0).
  it('flags most dusk scenes shaken by hand into light trails, as motion blur', () => {
    const flagged = fixturePhotos.filter((name) => result('dusk-light-trails', name).verdict === 'blurry');
    expect(flagged.length).toBeGreaterThanOrEqual(3);
    for (const name of flagged) expect(result('dusk-light-trails', name).blurType).toBe('motion');
  });

  it.each(fixturePhotos)('%s with a sharp subject on a defocused background (shallow depth of field) is kept', (name) => {
    expect(result('shallow-focus', name)).toMatchObject({ status: 'scored', verdict: 'sharp' });
  });
});
