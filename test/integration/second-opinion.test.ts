import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlurModel } from '../../src/main/scoring/blur-model.ts';
import { loadModelCard, type LoadedModel } from '../../src/main/scoring/model-card.ts';
import { decodePhoto, type AnalysisImage } from '../../src/main/scoring/photo-decoder.ts';
import { fixtureDir, fixturePhotos, handShakeTaps, tempDir, writePanned, writePhoneShaken, writeShallowFocus, writeThroughKernel } from '../helpers/photo-factory.ts';

// The shipped card pairs two networks of the same chain (two seeds). Through the real model: the pair never
// judges a photo sharper than the first network alone, keeps every sharp fixture and keeper, and the second
// opinion decides only where it reads camera motion.
describe('the second opinion (shipped card)', () => {
  const shipped = loadModelCard();
  const firstOnly: LoadedModel = { ...shipped, card: { ...shipped.card, secondOpinion: undefined } };
  const kinds = ['sharp', 'keeper', 'panned', 'shaken', 'phone-shaken'] as const;
  let pair: BlurModel;
  let first: BlurModel;
  const images = new Map<string, AnalysisImage>();

  beforeAll(async () => {
    pair = await BlurModel.load(shipped, 'cpu');
    first = await BlurModel.load(firstOnly, 'cpu');
    const dir = tempDir();
    for (const name of fixturePhotos) {
      const src = path.join(fixtureDir, name);
      const file = (kind: string) => (kind === 'sharp' ? src : path.join(dir, `${kind}-${name}.jpg`));
      await writeShallowFocus(src, file('keeper'), 0.15, 14);
      await writePanned(src, file('panned'), 0.3, 30);
      await writeThroughKernel(src, file('shaken'), handShakeTaps(6, 1.2));
      await writePhoneShaken(src, file('phone-shaken'), handShakeTaps(10, 1.2));
      for (const kind of kinds) {
        images.set(`${kind}:${name}`, (await decodePhoto(fs.readFileSync(file(kind)), pair.longEdge('standard'), pair.tileSize)).analysis);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await pair.release();
    await first.release();
  });

  it('the shipped card has a second opinion with its own threshold', () => {
    expect(shipped.card.secondOpinion?.threshold).toBeGreaterThan(0);
    expect(shipped.card.secondOpinion?.threshold).not.toBe(shipped.card.threshold);
  });

  it('never scores a photo sharper than the first network alone, and decides some photos itself', async () => {
    let decided = 0;
    for (const key of images.keys()) {
      const [both, alone] = [await pair.judge(images.get(key)!), await first.judge(images.get(key)!)];
      expect(both.blurScore, key).toBeGreaterThanOrEqual(alone.blurScore);
      if (both.blurScore > alone.blurScore) decided++;
    }
    expect(decided, 'the second network decides some photos').toBeGreaterThan(0);
  });

  it.each(fixturePhotos)('%s: sharp, with a sharp subject on a defocused background, and panned: kept by the pair', async (name) => {
    for (const kind of ['sharp', 'keeper', 'panned']) {
      expect((await pair.judge(images.get(`${kind}:${name}`)!)).verdict, kind).toBe('sharp');
    }
  });

  it('counts only where it reads camera motion, and leaves every sharp, keeper and panned fixture to the first network', async () => {
    const motionMin = shipped.card.secondOpinion!.motionMin!;
    expect(motionMin).toBeGreaterThan(0);
    for (const key of images.keys()) {
      const [both, alone] = [await pair.judge(images.get(key)!), await first.judge(images.get(key)!)];
      if (both.blurScore > alone.blurScore) expect(both.motionScore, key).toBeGreaterThanOrEqual(motionMin);
      if (!key.includes('shaken')) expect(both.blurScore, key).toBe(alone.blurScore);
    }
  });
});
