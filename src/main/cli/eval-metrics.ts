import type { BlurType } from '../../shared/photo-types.ts';

export interface LabelledResult {
  file: string;
  label: 'sharp' | 'blurry';
  blurScore: number | null;
  blurType: BlurType | null;
  trueBlurType: BlurType | null;
  error: string | null;
}

export interface EvalMetrics {
  n: number;
  sharp: number;
  blurry: number;
  errors: number;
  tpr: number | null;
  tnr: number | null;
  auroc: number | null;
  blurTypeAccuracy: number | null;
  blurTypeJudged: number;
  missed: LabelledResult[];
  falseAlarms: LabelledResult[];
}

/** Probability that a random blurry photo scores above a random sharp one (ties count half). */
export function auroc(blurry: number[], sharp: number[]): number | null {
  if (blurry.length === 0 || sharp.length === 0) return null;
  let wins = 0;
  for (const b of blurry) for (const s of sharp) wins += b > s ? 1 : b === s ? 0.5 : 0;
  return wins / (blurry.length * sharp.length);
}

export function evalMetrics(results: LabelledResult[], threshold: number): EvalMetrics {
  const scored = results.filter((r) => r.blurScore !== null);
  const blurry = scored.filter((r) => r.label === 'blurry');
  const sharp = scored.filter((r) => r.label === 'sharp');
  const flagged = (r: LabelledResult) => r.blurScore! >= threshold;
  const typed = blurry.filter((r) => flagged(r) && r.trueBlurType !== null);
  return {
    n: results.length,
    sharp: results.filter((r) => r.label === 'sharp').length,
    blurry: results.filter((r) => r.label === 'blurry').length,
    errors: results.length - scored.length,
    tpr: blurry.length ? blurry.filter(flagged).length / blurry.length : null,
    tnr: sharp.length ? sharp.filter((r) => !flagged(r)).length / sharp.length : null,
    auroc: auroc(blurry.map((r) => r.blurScore!), sharp.map((r) => r.blurScore!)),
    blurTypeAccuracy: typed.length ? typed.filter((r) => r.blurType === r.trueBlurType).length / typed.length : null,
    blurTypeJudged: typed.length,
    missed: blurry.filter((r) => !flagged(r)),
    falseAlarms: sharp.filter(flagged),
  };
}
