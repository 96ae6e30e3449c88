/**
 * What a blur threshold means for the user, measured: the share of blurry photos it flags and of sharp
 * photos it keeps, on the held-out real photos whose engine scores the model card records. Pure (no Node,
 * no DOM), so the main process, the CLI and the renderer all say the same thing.
 */

export const SENSITIVITIES = ['relaxed', 'standard', 'strict'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const sensitivityLabels: Record<Sensitivity, { name: string; hint: string }> = {
  relaxed: { name: 'Relaxed', hint: 'Flags only clearly blurry shots; the fewest keepers to look at.' },
  standard: { name: 'Standard', hint: 'The calibrated default.' },
  strict: { name: 'Strict', hint: 'Also flags mild softness; expect a few sharp shots to review.' },
};

/** One held-out photo's engine score, as the model card records it. */
export interface CalibrationPhoto {
  set: string;
  label: 'sharp' | 'blurry';
  score: number;
}

export interface MeasuredRates {
  threshold: number;
  /** Share of the held-out blurry photos at or above the threshold; null without blurry photos. */
  blurryFlagged: number | null;
  /** Share of the held-out sharp photos below the threshold; null without sharp photos. */
  sharpKept: number | null;
  blurry: number;
  sharp: number;
}

export interface SensitivityPreset extends MeasuredRates {
  name: Sensitivity;
}

/** What `model:info` returns: the shipped model, its presets and the evidence behind their numbers. */
export interface ModelInfo {
  id: string;
  version: string;
  /** The card's threshold: the standard sensitivity. */
  defaultThreshold: number;
  presets: SensitivityPreset[];
  /** Held-out real photos, never tuned on; empty for a card without calibration. */
  heldout: CalibrationPhoto[];
  /** Where the held-out photos come from, in words. */
  heldoutSource: string;
}

export function measuredRates(heldout: readonly CalibrationPhoto[], threshold: number): MeasuredRates {
  let blurry = 0, flagged = 0, sharp = 0, kept = 0;
  for (const p of heldout) {
    if (p.label === 'blurry') {
      blurry += 1;
      if (p.score >= threshold) flagged += 1;
    } else {
      sharp += 1;
      if (p.score < threshold) kept += 1;
    }
  }
  return { threshold, blurryFlagged: blurry ? flagged / blurry : null, sharpKept: sharp ? kept / sharp : null, blurry, sharp };
}

export function presetsFrom(thresholds: Record<Sensitivity, number>, heldout: readonly CalibrationPhoto[]): SensitivityPreset[] {
  return SENSITIVITIES.map((name) => ({ name, ...measuredRates(heldout, thresholds[name]) }));
}

/** The preset a threshold is exactly at (thresholds are set in steps of 0.01), or null for a custom value. */
export function presetAt(presets: readonly SensitivityPreset[], threshold: number): SensitivityPreset | null {
  return presets.find((p) => Math.abs(p.threshold - threshold) < 0.005) ?? null;
}

const pct = (v: number) => `${Math.round(v * 100)} %`;

/** "at 0.30: 94 % of blurry photos flagged, 99 % of sharp kept"; null when nothing was measured. */
export function describeRates(r: MeasuredRates): string | null {
  const parts: string[] = [];
  if (r.blurryFlagged !== null) parts.push(`${pct(r.blurryFlagged)} of blurry photos flagged`);
  if (r.sharpKept !== null) parts.push(`${pct(r.sharpKept)} of sharp kept`);
  return parts.length ? `at ${r.threshold.toFixed(2)}: ${parts.join(', ')}` : null;
}
