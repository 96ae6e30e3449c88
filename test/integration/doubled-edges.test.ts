import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlurModel } from '../../src/main/scoring/blur-model.ts';
import { loadModelCard, type LoadedModel } from '../../src/main/scoring/model-card.ts';
import { decodePhoto, type AnalysisImage } from '../../src/main/scoring/photo-decoder.ts';
import type { BlurJudgement } from '../../src/shared/photo-types.ts';
import { doubledTaps, dwellTaps, fixtureDir, fixturePhotos, tempDir, writePanned, writeShallowFocus, writeThroughKernel } from '../helpers/photo-factory.ts';

// A double exposure (the camera rested twice in one exposure: a two-position shake, shutter shock, a flash plus a
// slow shutter) shows every edge twice. A tile network reads each copy as a crisp edge, so the card's ghost rule
// (aggregation.ghost, src/main/scoring/ghost-detector.ts) looks for one lag repeated across the frame. Each scene is
// judged by the real model twice: with the shipped card, and with the same card minus the rule.
const KINDS = {
  'doubled 6 px across': doubledTaps(6, 0),
  'doubled 12 px at 42 degrees, 60/40': doubledTaps(9, 8, 0.4),
  'doubled 14 px down': doubledTaps(0, 14),
  'a 12 px move that dwells at both ends': dwellTaps(12, 0.6),
};
const KEEPERS = ['still', 'shallow-focus', 'panned'] as const;

describe('doubled edges, through the real model', () => {
  const shipped = loadModelCard();
  const withoutRule: LoadedModel = { ...shipped, card: { ...shipped.card, aggregation: { ...shipped.card.aggregation, ghost: undefined } } };
  const judged = new Map<string, { shipped: BlurJudgement; withoutRule: BlurJudgement }>();

  beforeAll(async () => {
    const models = [await BlurModel.load(shipped, 'cpu'), await BlurModel.load(withoutRule, 'cpu')];
    const dir = tempDir();
    try {
      for (const name of fixturePhotos) {
        const src = path.join(fixtureDir, name);
        const files: [string, string][] = Object.keys(KINDS).map((kind) => [kind, path.join(dir, `${kind}-${name}.jpg`)]);
        for (const [kind, file] of files) await writeThroughKernel(src, file, KINDS[kind as keyof typeof KINDS]);
        const keeper = (k: string) => path.join(dir, `${k}-${name}.jpg`);
        await writeThroughKernel(src, keeper('still'), [{ dx: 0, dy: 0, w: 1 }]);
        await writeShallowFocus(src, keeper('shallow-focus'), 0.15, 14);
        await writePanned(src, keeper('panned'), 0.3, 30);
        for (const [kind, file] of [...files, ...KEEPERS.map((k) => [k, keeper(k)] as [string, string])]) {
          const image: AnalysisImage = (await decodePhoto(fs.readFileSync(file), models[0].longEdge('standard'), models[0].tileSize)).analysis;
          judged.set(`${kind}:${name}`, { shipped: await models[0].judge(image), withoutRule: await models[1].judge(image) });
        }
      }
    } finally {
      await Promise.all(models.map((m) => m.release()));
    }
  }, 240_000);

  afterAll(() => judged.clear());

  it('the shipped card has the rule', () => {
    expect(shipped.card.aggregation.ghost).toMatchObject({ minLag: 5, maxLag: 24 });
  });

  it.each(Object.keys(KINDS).slice(0, 3))('flags the fixtures %s, as motion, where the tiles alone keep most', (kind) => {
    const flagged = fixturePhotos.filter((n) => judged.get(`${kind}:${n}`)!.shipped.verdict === 'blurry');
    const before = fixturePhotos.filter((n) => judged.get(`${kind}:${n}`)!.withoutRule.verdict === 'blurry');
    expect(flagged.length).toBeGreaterThanOrEqual(4);
    expect(before.length).toBeLessThan(flagged.length);
    for (const n of flagged) expect(judged.get(`${kind}:${n}`)!.shipped.blurType).toBe('motion');
  });

  // Measured, not promised for every scene: the passage between the two rests blurs the second image.
  it('flags most fixtures shaken by a move that dwells at both ends', () => {
    const kind = 'a 12 px move that dwells at both ends';
    const flagged = fixturePhotos.filter((n) => judged.get(`${kind}:${n}`)!.shipped.verdict === 'blurry');
    expect(flagged.length).toBeGreaterThanOrEqual(3);
  });

  it.each(fixturePhotos)('never touches %s held still, in shallow focus, or panned', (name) => {
    for (const k of KEEPERS) {
      const { shipped: s, withoutRule: w } = judged.get(`${k}:${name}`)!;
      expect(s.verdict).toBe('sharp');
      expect(s.blurScore).toBe(w.blurScore);
    }
  });
});
