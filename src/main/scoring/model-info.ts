import { presetsFrom, type ModelInfo } from '../../shared/threshold-meaning.ts';
import type { ModelCard } from './model-card.ts';

/** The card's model, its sensitivity presets and their measured rates, for Settings and Review. */
export function modelInfo(card: ModelCard): ModelInfo {
  const cal = card.calibration;
  const heldout = cal?.heldout ?? [];
  const thresholds = cal?.sensitivities ?? { relaxed: card.threshold, standard: card.threshold, strict: card.threshold };
  return {
    id: card.id,
    version: card.version,
    defaultThreshold: card.threshold,
    // Without a calibration there is only the card's threshold to offer.
    presets: cal ? presetsFrom(thresholds, heldout) : presetsFrom(thresholds, heldout).filter((p) => p.name === 'standard'),
    heldout,
    heldoutSource: cal?.source ?? '',
  };
}
