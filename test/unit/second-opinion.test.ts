import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BlurJudgement } from '../../src/shared/photo-types.ts';
import { loadModelCard, modelCardSchema, requiredOutputs, type ModelCard } from '../../src/main/scoring/model-card.ts';
import { blurrierOpinion, onCardScale, secondOpinionCard } from '../../src/main/scoring/second-opinion.ts';

const shipped = loadModelCard();
const raw = JSON.parse(fs.readFileSync(shipped.cardPath, 'utf8'));
const second = raw.secondOpinion;
const card: ModelCard = modelCardSchema.parse({ ...raw, threshold: 0.7, secondOpinion: { ...second, threshold: 0.6, motionMin: undefined } });

function judgement(blurScore: number, verdict: 'sharp' | 'blurry', mark: number): BlurJudgement {
  return { blurScore, verdict, blurType: 'defocus', motionScore: mark, tiles: { cols: 1, rows: 1, blur: new Uint8Array([mark]), used: new Uint8Array([1]) } };
}

describe('the second opinion', () => {
  it("moves the second network's own threshold onto the card's, keeping the order of scores", () => {
    expect(onCardScale(0.6, card)).toBeCloseTo(0.7, 10);
    expect(onCardScale(0.5, card)).toBeLessThan(0.7);
    expect(onCardScale(0.65, card)).toBeGreaterThan(0.7);
    expect(onCardScale(0.3, card)).toBeLessThan(onCardScale(0.31, card));
  });

  it('flags a photo that only the second network flags, with its focus map and blur type', () => {
    const j = blurrierOpinion(judgement(0.2, 'sharp', 1), judgement(0.65, 'blurry', 2), card, card.threshold);
    expect(j.verdict).toBe('blurry');
    expect(j.blurScore).toBeCloseTo(onCardScale(0.65, card), 10);
    expect(j.tiles.blur[0]).toBe(2);
  });

  it('keeps the first opinion where it is the blurrier one, and re-judges the second at the chosen threshold', () => {
    const first = judgement(0.8, 'blurry', 1);
    expect(blurrierOpinion(first, judgement(0.5, 'sharp', 2), card, card.threshold)).toBe(first);
    // 0.59 is sharp at the second network's own 0.6; on the card's scale it is 0.69, flagged at a strict 0.5.
    const strict = blurrierOpinion(judgement(0.1, 'sharp', 1), judgement(0.59, 'sharp', 2), card, 0.5);
    expect(strict.verdict).toBe('blurry');
  });

  it('with a motion gate, counts only where the second opinion reads camera motion', () => {
    const gated: ModelCard = { ...card, secondOpinion: { ...card.secondOpinion!, motionMin: 0.75 } };
    const first = judgement(0.2, 'sharp', 1);
    const defocus = { ...judgement(0.9, 'blurry', 2), motionScore: 0.5 };
    const motion = { ...judgement(0.9, 'blurry', 2), motionScore: 0.8 };
    expect(blurrierOpinion(first, defocus, gated, gated.threshold)).toBe(first);
    expect(blurrierOpinion(first, motion, gated, gated.threshold).verdict).toBe('blurry');
    expect(blurrierOpinion(first, defocus, card, card.threshold).verdict).toBe('blurry');
  });

  it("is judged by its own aggregation and threshold, and its outputs are required of the network", () => {
    const own = secondOpinionCard(card)!;
    expect(own.threshold).toBe(0.6);
    expect(own.aggregation).toEqual(card.secondOpinion!.aggregation);
    expect(own.secondOpinion).toBeUndefined();
    expect(requiredOutputs(card)).toEqual(expect.arrayContaining(['blur_b', 'motion_b', 'crisp_b']));
    expect(secondOpinionCard({ ...card, secondOpinion: undefined })).toBeNull();
  });

  it('refuses a second opinion that carries the doubled-edge check or reads crisp outputs it does not name', () => {
    const valid = (s: unknown) => modelCardSchema.safeParse({ ...raw, secondOpinion: s }).success;
    expect(valid(second)).toBe(true);
    expect(valid({ ...second, aggregation: { ...second.aggregation, ghost: raw.aggregation.ghost } })).toBe(false);
    expect(valid({ ...second, outputs: { blur: 'blur_b', motion: 'motion_b' } })).toBe(false);
  });
});
