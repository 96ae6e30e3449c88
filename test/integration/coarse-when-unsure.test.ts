import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlurModel } from '../../src/main/scoring/blur-model.ts';
import { loadModelCard, type LoadedModel } from '../../src/main/scoring/model-card.ts';
import { decodePhoto, type AnalysisImage } from '../../src/main/scoring/photo-decoder.ts';
import { dwellTaps, fixtureDir, fixturePhotos, tempDir, writePhoneDefocused, writePhoneShaken, writeShallowFocus } from '../helpers/photo-factory.ts';

// The shipped card's coarse pass runs only where no analysis-scale tile is confidently sharp. Judged with the real
// model, with and without the rule: a sharp photo or a keeper never gets the pass, a frame far out of focus does.
// The rule belongs to the first opinion (the second network's own aggregation has none), so that is what is judged.
describe('the coarse pass for frames without a confidently sharp tile (shipped card)', () => {
  const loaded = loadModelCard();
  const shipped: LoadedModel = { ...loaded, card: { ...loaded.card, secondOpinion: undefined } };
  const fineOnly: LoadedModel = { ...shipped, card: { ...shipped.card, aggregation: { ...shipped.card.aggregation, coarseWhenUnsure: undefined } } };
  let model: BlurModel;
  let fineModel: BlurModel;
  const images = new Map<string, AnalysisImage>();

  beforeAll(async () => {
    model = await BlurModel.load(shipped, 'cpu');
    fineModel = await BlurModel.load(fineOnly, 'cpu');
    const dir = tempDir();
    for (const name of fixturePhotos) {
      const variants: [string, string][] = [['sharp', path.join(fixtureDir, name)], ['keeper', path.join(dir, `${name}-keeper.jpg`)], ['defocused', path.join(dir, `${name}-defocused.jpg`)]];
      await writeShallowFocus(variants[0][1], variants[1][1], 0.15, 14);
      await writePhoneDefocused(variants[0][1], variants[2][1], 13);
      for (const [kind, file] of variants) {
        images.set(`${kind}:${name}`, (await decodePhoto(fs.readFileSync(file), model.longEdge('standard'), model.tileSize)).analysis);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await model.release();
    await fineModel.release();
  });

  it('the shipped card has the rule', () => {
    expect(shipped.card.aggregation.coarseWhenUnsure).toMatchObject({ scale: 0.5 });
    expect(shipped.card.aggregation.coarseScale).toBeUndefined();
  });

  it.each(fixturePhotos)('%s: sharp and with a sharp subject on a defocused background, judged exactly as without the rule', async (name) => {
    for (const kind of ['sharp', 'keeper']) {
      const [withRule, without] = [await model.judge(images.get(`${kind}:${name}`)!), await fineModel.judge(images.get(`${kind}:${name}`)!)];
      expect(withRule.verdict, kind).toBe('sharp');
      expect(withRule.blurScore, kind).toBe(without.blurScore);
    }
  });

  it('judges phone shots far out of focus at half size too: flagged, and never less blurry than the analysis scale says', async () => {
    let gain = 0;
    for (const name of fixturePhotos) {
      const image = images.get(`defocused:${name}`)!;
      const [withRule, without] = [await model.judge(image), await fineModel.judge(image)];
      expect(withRule.verdict, name).toBe('blurry');
      expect(withRule.blurScore, name).toBeGreaterThanOrEqual(without.blurScore);
      gain = Math.max(gain, withRule.blurScore - without.blurScore);
    }
    // Where the analysis scale is least sure, the half-size pass sees more blur.
    expect(gain).toBeGreaterThan(0.01);
  });

  it('judges a shaken phone shot soft all over at half size too, though its least soft tile is fairly sharp (softFrame)', async () => {
    const { coarseWhenUnsure } = shipped.card.aggregation;
    expect(coarseWhenUnsure?.softFrame).toBeDefined();
    const noSoft: LoadedModel = { ...shipped, card: { ...shipped.card, aggregation: { ...shipped.card.aggregation, coarseWhenUnsure: { ...coarseWhenUnsure!, softFrame: undefined } } } };
    const noSoftModel = await BlurModel.load(noSoft, 'cpu');
    try {
      // A 14 px hand shake that dwells at both ends, at a phone's pixel count, sharpened by the phone.
      const file = path.join(tempDir(), 'chelsea-phone-shake.jpg');
      await writePhoneShaken(path.join(fixtureDir, 'chelsea.png'), file, dwellTaps(14, 0.4));
      const image = (await decodePhoto(fs.readFileSync(file), model.longEdge('standard'), model.tileSize)).analysis;
      const [withSoft, without] = [await model.judge(image), await noSoftModel.judge(image)];
      expect(without.verdict).toBe('sharp');
      expect(withSoft.verdict).toBe('blurry');
    } finally {
      await noSoftModel.release();
    }
  });
});
