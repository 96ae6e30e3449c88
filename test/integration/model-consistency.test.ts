import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSession } from '../../src/main/scan/scan-session.ts';
import { fixtureDir, fixturePhotos, tempDir, variantJpeg, writeDefocused, writeMotionBlurred, writeScaled, writeShallowFocus, writeSharpSet } from '../helpers/photo-factory.ts';
import { openSession, scan, type HarnessRun } from '../helpers/scan-harness.ts';

// The fixtures are all smaller than the 2048 px analysis scale, so they are analysed at their own
// size and a kernel applied to them is that kernel at the analysis scale.
const SUBJECT = 0.2; // share of the frame left sharp
const BOKEH = 20; // px, the background's defocus disk

describe('model consistency through the engine', () => {
  let session: ScanSession;
  let run: HarnessRun;

  beforeAll(async () => {
    const root = tempDir();
    await writeSharpSet(path.join(root, 'sharp'));
    for (const name of fixturePhotos) {
      const src = path.join(fixtureDir, name);
      await writeScaled(src, path.join(root, variantJpeg('half', name)), 0.5);
      await writeDefocused(src, path.join(root, variantJpeg('defocus6', name)), 6);
      await writeMotionBlurred(src, path.join(root, variantJpeg('motion15', name)), 15);
      await writeShallowFocus(src, path.join(root, variantJpeg('bokeh', name)), SUBJECT, BOKEH);
      await writeDefocused(src, path.join(root, variantJpeg('defocus-all', name)), BOKEH);
    }
    session = openSession();
    run = await scan(session, root);
  });

  afterAll(async () => {
    await session.close();
  });

  const result = (folder: string, name: string) => run.lines.get(variantJpeg(folder, name))!;

  it.each(fixturePhotos)('%s is sharp, and so is the same photo downscaled to 50%%', (name) => {
    expect(result('sharp', name)).toMatchObject({ status: 'scored', verdict: 'sharp' });
    expect(result('half', name)).toMatchObject({ status: 'scored', verdict: 'sharp' });
  });

  it.each(fixturePhotos)('%s blurred with a 6 px defocus kernel is flagged', (name) => {
    expect(result('defocus6', name)).toMatchObject({ status: 'scored', verdict: 'blurry' });
  });

  it('scores blur monotonically: every blurred version above its sharp original', () => {
    for (const name of fixturePhotos) {
      const sharp = result('sharp', name).blurScore!;
      expect(result('defocus6', name).blurScore!).toBeGreaterThan(sharp);
      expect(result('motion15', name).blurScore!).toBeGreaterThan(sharp);
    }
  });

  it('names the kind of blur for most blurred photos', () => {
    const defocus = fixturePhotos.filter((n) => result('defocus6', n).blurType === 'defocus').length;
    const motion = fixturePhotos.filter((n) => result('motion15', n).verdict === 'blurry' && result('motion15', n).blurType === 'motion').length;
    expect(defocus + motion).toBeGreaterThanOrEqual(7);
  });

  it.each(fixturePhotos)(`%s with a sharp subject (${SUBJECT * 100} %% of the frame) on a ${BOKEH} px defocused background is a keeper`, (name) => {
    expect(result('bokeh', name)).toMatchObject({ status: 'scored', verdict: 'sharp' });
    // The same defocus over the whole photo is flagged: the subject is what keeps it.
    expect(result('defocus-all', name)).toMatchObject({ status: 'scored', verdict: 'blurry' });
  });
});
