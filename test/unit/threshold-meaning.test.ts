import { describe, expect, it } from 'vitest';
import { loadModelCard } from '../../src/main/scoring/model-card.ts';
import { modelInfo } from '../../src/main/scoring/model-info.ts';
import { describeRates, measuredRates, presetAt, type CalibrationPhoto } from '../../src/shared/threshold-meaning.ts';

describe('what a threshold means', () => {
  const photos: CalibrationPhoto[] = [
    { set: 'a', label: 'blurry', score: 0.9 },
    { set: 'a', label: 'blurry', score: 0.4 },
    { set: 'a', label: 'blurry', score: 0.2 },
    { set: 'b', label: 'sharp', score: 0.1 },
    { set: 'b', label: 'sharp', score: 0.35 },
  ];

  it('counts blurry photos at or above the threshold as flagged and sharp ones below it as kept', () => {
    expect(measuredRates(photos, 0.4)).toEqual({ threshold: 0.4, blurryFlagged: 2 / 3, sharpKept: 1, blurry: 3, sharp: 2 });
    expect(measuredRates(photos, 0.3)).toMatchObject({ blurryFlagged: 2 / 3, sharpKept: 0.5 });
    expect(measuredRates(photos, 0.15)).toMatchObject({ blurryFlagged: 1, sharpKept: 0.5 });
  });

  it('says it in words a photographer reads', () => {
    expect(describeRates(measuredRates(photos, 0.3))).toBe('at 0.30: 67 % of blurry photos flagged, 50 % of sharp kept');
    expect(describeRates(measuredRates([], 0.3))).toBeNull();
  });
});

describe('the shipped sensitivities', () => {
  const { card } = loadModelCard();
  const info = modelInfo(card);
  const cal = card.calibration!;

  it('are the card\'s three thresholds, with standard at the card\'s threshold', () => {
    expect(info.presets.map((p) => [p.name, p.threshold])).toEqual([
      ['relaxed', cal.sensitivities.relaxed], ['standard', card.threshold], ['strict', cal.sensitivities.strict],
    ]);
    expect(cal.sensitivities.relaxed).toBeGreaterThan(card.threshold);
    expect(cal.sensitivities.strict).toBeLessThan(card.threshold);
  });

  it('carry the rates the card records for its held-out real photos', () => {
    const real = card.metrics.real as Record<string, { heldout: Record<string, [number, number, number]> }>;
    for (const preset of info.presets) {
      const sets = Object.entries(real[preset.name].heldout);
      const count = (side: string) => sets.filter(([k]) => k.endsWith(`/${side}`)).reduce((n, [, v]) => n + v[2], 0);
      const correct = (side: string) => sets.filter(([k]) => k.endsWith(`/${side}`)).reduce((n, [, v]) => n + v[1], 0);
      expect(preset.blurry).toBe(count('blurry'));
      expect(preset.sharp).toBe(count('sharp'));
      expect(preset.blurryFlagged).toBeCloseTo(correct('blurry') / count('blurry'), 10);
      expect(preset.sharpKept).toBeCloseTo(correct('sharp') / count('sharp'), 10);
    }
  });

  it('order what they catch and keep: strict flags the most, relaxed keeps the most', () => {
    const [relaxed, standard, strict] = info.presets;
    expect(strict.blurryFlagged!).toBeGreaterThanOrEqual(standard.blurryFlagged!);
    expect(standard.blurryFlagged!).toBeGreaterThanOrEqual(relaxed.blurryFlagged!);
    expect(relaxed.sharpKept!).toBeGreaterThanOrEqual(standard.sharpKept!);
    expect(standard.sharpKept!).toBeGreaterThanOrEqual(strict.sharpKept!);
  });

  it('recognise a threshold set to a preset, and nothing else', () => {
    expect(presetAt(info.presets, card.threshold)?.name).toBe('standard');
    expect(presetAt(info.presets, (cal.sensitivities.standard + cal.sensitivities.strict) / 2)).toBeNull();
  });
});
