import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anisotropyScore, crispEvidence } from '../../src/main/scoring/blur-aggregate.ts';
import { BlurModel } from '../../src/main/scoring/blur-model.ts';
import { loadModelCard } from '../../src/main/scoring/model-card.ts';
import { decodePhoto, type AnalysisImage } from '../../src/main/scoring/photo-decoder.ts';
import { cutTiles, tileGrid } from '../../src/main/scoring/tile-grid.ts';
import { fixtureDir, fixturePhotos, tempDir, writeMotionBlurred } from '../helpers/photo-factory.ts';

// A horizontal shake: it removes crisp detail along x (0 degrees) and leaves horizontal edges, whose
// intensity changes along y (90 degrees), as crisp as they were. The fixtures are analysed at their own size.
const SHAKE = 25;
const ALONG_X = 0;
const ALONG_Y = 2;

describe('directional crispness through the real model', () => {
  const { card } = loadModelCard();
  const directional = card.aggregation.directional!;
  let model: BlurModel;
  const sharp = new Map<string, AnalysisImage>();
  const shaken = new Map<string, AnalysisImage>();

  beforeAll(async () => {
    model = await BlurModel.load(loadModelCard(), 'cpu');
    const dir = tempDir();
    for (const name of fixturePhotos) {
      const src = path.join(fixtureDir, name);
      const dest = path.join(dir, `${name}.jpg`);
      await writeMotionBlurred(src, dest, SHAKE);
      sharp.set(name, (await decodePhoto(fs.readFileSync(src), model.longEdge('standard'), model.tileSize)).analysis);
      shaken.set(name, (await decodePhoto(fs.readFileSync(dest), model.longEdge('standard'), model.tileSize)).analysis);
    }
  });

  afterAll(async () => {
    await model.release();
  });

  async function evidence(image: AnalysisImage, { k, textureMin }: { k: number; textureMin: number } = directional): Promise<number[]> {
    const grid = tileGrid(image.width, image.height, model.tileSize, card.analysis.stride);
    const n = grid.xs.length * grid.ys.length;
    const out = await model.runTiles(cutTiles(image.rgb, image.width, grid), n);
    return crispEvidence(out.crisp!, out.texture, k, textureMin);
  }

  /** The anisotropy rule's score on the threshold's scale. */
  async function disagreement(image: AnalysisImage): Promise<number> {
    const a = directional.anisotropy!;
    const score = Math.max(1e-6, anisotropyScore(await evidence(image, a), a.clip));
    return 1 / (1 + Math.exp(-(Math.log(score / (1 - score)) + a.logitShift)));
  }

  it('is part of the shipped model', () => {
    expect(card.outputs.crisp).toBeTruthy();
    expect(directional.k).toBeGreaterThanOrEqual(1);
    expect(directional.anisotropy?.k).toBeGreaterThanOrEqual(1);
  });

  it.each(fixturePhotos)('%s shows crisp detail along every direction', async (name) => {
    const e = await evidence(sharp.get(name)!);
    expect(Math.min(...e), e.join(' ')).toBeGreaterThan(0.5);
  });

  it.each(fixturePhotos)(`%s shaken ${SHAKE} px horizontally loses its crisp detail along x, not along y`, async (name) => {
    const before = await evidence(sharp.get(name)!);
    const after = await evidence(shaken.get(name)!);
    expect(after[ALONG_X], after.join(' ')).toBeLessThan(0.5);
    expect(after[ALONG_X]).toBeLessThan(before[ALONG_X]);
    expect(after[ALONG_Y], after.join(' ')).toBeGreaterThan(after[ALONG_X]);
  });

  it.each(fixturePhotos)('%s: its directions agree, so the anisotropy rule keeps it', async (name) => {
    expect(await disagreement(sharp.get(name)!)).toBeLessThan(card.threshold);
  });

  it.each(fixturePhotos)(`%s shaken ${SHAKE} px: its directions disagree more than the sharp photo's`, async (name) => {
    const a = directional.anisotropy!;
    const before = anisotropyScore(await evidence(sharp.get(name)!, a), a.clip);
    const after = anisotropyScore(await evidence(shaken.get(name)!, a), a.clip);
    expect(after).toBeGreaterThan(before + 0.1);
  });

  it.each(fixturePhotos)(`%s shaken ${SHAKE} px is flagged as motion blur`, async (name) => {
    const j = await model.judge(shaken.get(name)!);
    expect(j.verdict).toBe('blurry');
    expect(j.blurType).toBe('motion');
  });
});
