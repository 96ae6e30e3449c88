import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelCard, modelCardSchema } from '../../src/main/scoring/model-card.ts';

describe('shipped model card', () => {
  const { card, onnxPath, cardPath } = loadModelCard();

  it('matches the schema the engine relies on', () => {
    expect(modelCardSchema.safeParse(JSON.parse(fs.readFileSync(cardPath, 'utf8'))).success).toBe(true);
    expect(card.id).toBe('crisp-blur');
    expect(card.input.tileSize).toBe(card.analysis.tileSize);
    expect(card.analysis.levels.strict.longEdge).toBeGreaterThan(card.analysis.levels.standard.longEdge);
  });

  it('describes the file beside it: checksum, and weights under 1 MB', () => {
    const bytes = fs.readFileSync(onnxPath);
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(card.sha256);
    expect(card.weightsBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(bytes.length).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('names its training data with licenses and how to reproduce it and its metrics', () => {
    for (const d of card.training.data as { source: string; license: string }[]) {
      expect(d.source).toBeTruthy();
      expect(d.license).toBeTruthy();
    }
    expect(card.training.command).toMatch(/training\/train\.py/);
    expect(Object.keys(card.metrics.validation).length).toBeGreaterThan(0);
    const evaluation = card.metrics.evaluation as { command: string; sets: Record<string, { n: number }> };
    expect(evaluation.command).toMatch(/^npm run eval -- /);
    expect(Object.values(evaluation.sets).every((set) => set.n > 0)).toBe(true);
  });

  it('rejects a card with missing fields', () => {
    const { threshold: _t, ...broken } = JSON.parse(fs.readFileSync(cardPath, 'utf8'));
    expect(modelCardSchema.safeParse(broken).success).toBe(false);
  });

  it('rejects a coarse pass that is not a downscale', () => {
    const raw = JSON.parse(fs.readFileSync(cardPath, 'utf8'));
    for (const coarseScale of [0, 1, 2, -0.5]) {
      expect(modelCardSchema.safeParse({ ...raw, aggregation: { ...raw.aggregation, coarseScale } }).success).toBe(false);
    }
    expect(modelCardSchema.safeParse({ ...raw, aggregation: { ...raw.aggregation, coarseScale: 0.5 } }).success).toBe(true);
  });

  it('accepts a directional section only with a positive k and a known way to combine it', () => {
    const raw = JSON.parse(fs.readFileSync(cardPath, 'utf8'));
    const withDirectional = (directional: unknown) => ({ ...raw, aggregation: { ...raw.aggregation, directional } });
    const good = { k: 2, textureMin: 0.02, logitShift: -0.4, combine: 'max' };
    expect(modelCardSchema.safeParse(withDirectional(good)).success).toBe(true);
    expect(modelCardSchema.safeParse(withDirectional({ ...good, k: 0 })).success).toBe(false);
    expect(modelCardSchema.safeParse(withDirectional({ ...good, combine: 'mean' })).success).toBe(false);
    expect(modelCardSchema.safeParse(withDirectional({ ...good, logitShift: undefined })).success).toBe(false);
  });

  it('accepts directional anisotropy only with a clip between 0.5 and 1 and its own logit shift', () => {
    const raw = JSON.parse(fs.readFileSync(cardPath, 'utf8'));
    const withAnisotropy = (anisotropy: unknown) => ({
      ...raw, aggregation: { ...raw.aggregation, directional: { k: 1, textureMin: 0.05, logitShift: 0, combine: 'max', anisotropy } },
    });
    const good = { k: 2, textureMin: 0.05, clip: 0.99, logitShift: 0.2 };
    expect(modelCardSchema.safeParse(withAnisotropy(good)).success).toBe(true);
    for (const clip of [0.5, 1, 1.2]) expect(modelCardSchema.safeParse(withAnisotropy({ ...good, clip })).success).toBe(false);
    expect(modelCardSchema.safeParse(withAnisotropy({ ...good, logitShift: undefined })).success).toBe(false);
    expect(modelCardSchema.safeParse(withAnisotropy({ ...good, k: 1.5 })).success).toBe(false);
  });

  it('accepts a doubled-edge check only with lo under hi and lags a block can hold', () => {
    const raw = JSON.parse(fs.readFileSync(cardPath, 'utf8'));
    const good = raw.aggregation.ghost;
    expect(good).toBeDefined();
    const withGhost = (ghost: unknown) => ({ ...raw, aggregation: { ...raw.aggregation, ghost } });
    expect(modelCardSchema.safeParse(withGhost(good)).success).toBe(true);
    expect(modelCardSchema.safeParse(withGhost({ ...good, hi: good.lo })).success).toBe(false);
    expect(modelCardSchema.safeParse(withGhost({ ...good, maxLag: 60 })).success).toBe(false);
    expect(modelCardSchema.safeParse(withGhost({ ...good, minLag: good.maxLag + 1 })).success).toBe(false);
    expect(modelCardSchema.safeParse(withGhost({ ...good, minConsistency: 1.5 })).success).toBe(false);
  });
});
