import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlurModel } from '../../src/main/scoring/blur-model.ts';
import { loadModelCard, type LoadedModel } from '../../src/main/scoring/model-card.ts';
import { decodePhoto, downscaleAnalysis, type AnalysisImage } from '../../src/main/scoring/photo-decoder.ts';
import { fixtureDir, fixturePhotos, tempDir, writeMotionBlurred } from '../helpers/photo-factory.ts';

// A trail longer than a tile can take in at the analysis scale: the fixtures are analysed at their
// own size (under 2048 px), so 61 px here is 61 px at the analysis scale.
const TRAIL = 61;

describe('coarse pass', () => {
  // The blur head alone, without the directional score or the whole-frame shake rule (either catches these
  // trails on its own), with and without a half-size pass: whether the shipped card uses one is for
  // validation to decide. The first network alone: the second opinion has its own rules.
  const loaded = loadModelCard();
  const head = { ...loaded.card.aggregation, directional: undefined, shakeContext: undefined, coarseWhenUnsure: undefined };
  const withCoarse: LoadedModel = { ...loaded, card: { ...loaded.card, aggregation: { ...head, coarseScale: 0.5 }, secondOpinion: undefined } };
  const fineOnly: LoadedModel = { ...loaded, card: { ...loaded.card, aggregation: { ...head, coarseScale: undefined }, secondOpinion: undefined } };
  let model: BlurModel;
  let fineModel: BlurModel;
  const images = new Map<string, AnalysisImage>();

  beforeAll(async () => {
    model = await BlurModel.load(withCoarse, 'cpu');
    fineModel = await BlurModel.load(fineOnly, 'cpu');
    const dir = tempDir();
    for (const name of fixturePhotos) {
      const dest = path.join(dir, `${name}.jpg`);
      await writeMotionBlurred(path.join(fixtureDir, name), dest, TRAIL);
      const d = await decodePhoto(fs.readFileSync(dest), model.longEdge('standard'), model.tileSize);
      images.set(name, d.analysis);
    }
  });

  afterAll(async () => {
    await model.release();
    await fineModel.release();
  });

  it('downscales the analysis image and skips images that would be under one tile', async () => {
    const img = images.get('astronaut.png')!;
    const half = await downscaleAnalysis(img, 0.5, 128);
    expect(half).toMatchObject({ width: img.width / 2, height: img.height / 2 });
    expect(half!.rgb.length).toBe((img.width / 2) * (img.height / 2) * 3);
    expect(await downscaleAnalysis({ rgb: Buffer.alloc(200 * 200 * 3), width: 200, height: 200 }, 0.5, 128)).toBeNull();
  });

  it('gives the same judgement for photos judged at once as one after the other', async () => {
    const names = fixturePhotos.slice(0, 3);
    const together = await Promise.all(names.map((name) => model.judge(images.get(name)!)));
    for (const [i, name] of names.entries()) {
      const alone = await model.judge(images.get(name)!);
      expect(together[i].blurScore, name).toBe(alone.blurScore);
      expect(Array.from(together[i].tiles.blur), name).toEqual(Array.from(alone.tiles.blur));
    }
  });

  it(`flags every photo with a ${TRAIL} px motion trail, and scores it at least as blurry as the analysis scale alone`, async () => {
    let leastConvinced = { name: '', fine: 1, both: 1 };
    for (const name of fixturePhotos) {
      const both = await model.judge(images.get(name)!);
      const fine = await fineModel.judge(images.get(name)!);
      expect(both.verdict, name).toBe('blurry');
      expect(both.blurType, name).toBe('motion');
      expect(both.blurScore, name).toBeGreaterThanOrEqual(fine.blurScore);
      if (fine.blurScore < leastConvinced.fine) leastConvinced = { name, fine: fine.blurScore, both: both.blurScore };
    }
    // The trails are longer than a tile sees at the analysis scale: where that pass is least
    // convinced, the half-size pass, whose tiles take the whole trail in, sees clearly more blur.
    expect(leastConvinced.both - leastConvinced.fine, leastConvinced.name).toBeGreaterThan(0.1);
  });
});
