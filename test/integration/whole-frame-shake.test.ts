import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSession } from '../../src/main/scan/scan-session.ts';
import { loadModelCard } from '../../src/main/scoring/model-card.ts';
import { fixtureDir, fixturePhotos, handShakeTaps, tempDir, variantJpeg, writePanned, writeShallowFocus, writeThroughKernel } from '../helpers/photo-factory.ts';
import { openSession, scan, type HarnessRun } from '../helpers/scan-harness.ts';

// Hand-held shake moves the whole frame. Where a few tiles still look crisp, the shipped card's whole-frame
// rule (aggregation.shakeContext) keeps them from clearing the photo. It must never touch a keeper, a panned
// shot included: there the background is motion blur too, and the subject is what the camera followed. Each
// scene is scored twice through the real engine: with the shipped card, and with the same card minus the rule (in both
// of its opinions).
describe('whole-frame shake rule, through the engine', () => {
  const runs: Record<'shipped' | 'withoutRule', HarnessRun> = {} as never;
  const sessions: ScanSession[] = [];
  let root: string;

  beforeAll(async () => {
    root = tempDir();
    const shake = handShakeTaps(8, 1.2);
    for (const name of fixturePhotos) {
      const src = path.join(fixtureDir, name);
      await writeThroughKernel(src, path.join(root, variantJpeg('shaken', name)), shake);
      await writeThroughKernel(src, path.join(root, variantJpeg('still', name)), [{ dx: 0, dy: 0, w: 1 }]);
      await writeShallowFocus(src, path.join(root, variantJpeg('shallow-focus', name)), 0.15, 14);
      await writePanned(src, path.join(root, variantJpeg('panned', name)), 0.3, 30);
      await writePanned(src, path.join(root, variantJpeg('panned-smaller-subject', name)), 0.15, 40);
    }
    const { card, cardPath } = loadModelCard();
    expect(card.aggregation.shakeContext).toBeDefined();
    const models = tempDir();
    fs.copyFileSync(path.join(path.dirname(cardPath), card.file), path.join(models, card.file));
    const withoutRule = path.join(models, path.basename(cardPath));
    // Both opinions lose the rule: each network has its own.
    const second = card.secondOpinion && { ...card.secondOpinion, aggregation: { ...card.secondOpinion.aggregation, shakeContext: undefined } };
    fs.writeFileSync(withoutRule, JSON.stringify({ ...card, aggregation: { ...card.aggregation, shakeContext: undefined }, secondOpinion: second }));
    for (const [key, modelCardPath] of [['shipped', undefined], ['withoutRule', withoutRule]] as const) {
      const session = openSession({ modelCardPath });
      sessions.push(session);
      runs[key] = await scan(session, root);
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
  });

  const score = (run: HarnessRun, folder: string, name: string) => {
    const line = run.lines.get(variantJpeg(folder, name))!;
    expect(line.status).toBe('scored');
    return line;
  };

  it('flags hand-shaken scenes that the sharpest tiles alone would clear', () => {
    const flagged = (key: keyof typeof runs) => fixturePhotos.filter((n) => score(runs[key], 'shaken', n).verdict === 'blurry');
    expect(flagged('shipped').length).toBeGreaterThanOrEqual(3);
    expect(flagged('withoutRule').length).toBeLessThan(flagged('shipped').length);
    for (const name of fixturePhotos) {
      expect(score(runs.shipped, 'shaken', name).blurScore).toBeGreaterThanOrEqual(score(runs.withoutRule, 'shaken', name).blurScore ?? 1);
    }
  });

  // A panned shot's background is motion blur, like a shaken frame's; its subject is what the camera followed.
  it.each(fixturePhotos)('does not touch %s held still, with a sharp subject on a defocused background, or panned', (name) => {
    for (const folder of ['still', 'shallow-focus', 'panned', 'panned-smaller-subject']) {
      const shipped = score(runs.shipped, folder, name);
      expect(shipped.verdict).toBe('sharp');
      expect(shipped.blurScore).toBe(score(runs.withoutRule, folder, name).blurScore);
    }
  });
});
