import type { BlurJudgement } from '../../shared/photo-types.ts';
import { logit, sigmoid, type TileOutputs } from './blur-aggregate.ts';
import type { ModelCard } from './model-card.ts';

/**
 * Two networks from the same training chain with different seeds miss different shaken photos, while each keeps
 * every sharp photo it was tuned on. Averaging their scores averages the misses away too (training/README.md, v5e);
 * taking the blurrier opinion keeps what each one catches, and, ungated, what each one wrongly flags (v5p). Each
 * opinion is judged by its own tuned aggregation, and the second moves onto the card's threshold scale in logit space,
 * so one slider moves both.
 */

/** The card as the second network's own: its aggregation, threshold and blur-type rule. */
export function secondOpinionCard(card: ModelCard): ModelCard | null {
  const s = card.secondOpinion;
  if (!s) return null;
  return { ...card, aggregation: s.aggregation, threshold: s.threshold, blurType: s.blurType, secondOpinion: undefined };
}

/** The second network's outputs, named by the card, with the fixed texture and isotropy the two share. */
export function secondOutputs(card: ModelCard, out: Record<string, Float32Array | undefined>, shared: TileOutputs): TileOutputs {
  const names = card.secondOpinion!.outputs;
  return {
    blur: out[names.blur]!, motion: out[names.motion]!, texture: shared.texture,
    ...(shared.isotropy ? { isotropy: shared.isotropy } : {}),
    ...(names.crisp && out[names.crisp] ? { crisp: out[names.crisp] } : {}),
  };
}

/** A score of the second opinion, on the first's scale: its own threshold lands on the card's. */
export function onCardScale(score: number, card: ModelCard): number {
  const own = card.secondOpinion!.threshold;
  return sigmoid(logit(score) - logit(own) + logit(card.threshold));
}

/**
 * The blurrier of the two judgements (the second moved onto the card's scale), with its focus map and blur type. With
 * `motionMin` the second opinion counts only where it reads camera motion: its extra reach is on shake, while its extra
 * false alarms on unseen keepers (small subjects, fog) mostly read as defocus.
 */
export function blurrierOpinion(first: BlurJudgement, second: BlurJudgement, card: ModelCard, threshold: number): BlurJudgement {
  const moved = onCardScale(second.blurScore, card);
  const motionMin = card.secondOpinion?.motionMin;
  if (motionMin !== undefined && (second.motionScore ?? 0) < motionMin) return first;
  if (moved <= first.blurScore) return first;
  return { ...second, blurScore: moved, verdict: moved >= threshold ? 'blurry' : 'sharp' };
}
