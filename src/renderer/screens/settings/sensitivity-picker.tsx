import { describeRates, measuredRates, presetAt, sensitivityLabels, type ModelInfo } from '../../../shared/threshold-meaning.ts';

interface Props {
  model: ModelInfo | null;
  threshold: number;
  onPick(threshold: number): void;
}

/** Relaxed / standard / strict, each with what it catches and keeps on held-out real photos. */
export function SensitivityPicker({ model, threshold, onPick }: Props) {
  if (!model || model.presets.length === 0) return null;
  const current = presetAt(model.presets, threshold);
  const custom = current ? null : describeRates(measuredRates(model.heldout, threshold));
  return (
    <div className="setting" role="radiogroup" aria-labelledby="sensitivity-label" data-testid="sensitivity">
      <span id="sensitivity-label" className="setting-label">Sensitivity</span>
      {model.presets.map((p) => (
        <label key={p.name} className="radio">
          <input type="radio" name="sensitivity" value={p.name} checked={current?.name === p.name} onChange={() => onPick(p.threshold)} />
          <span>
            <strong>{sensitivityLabels[p.name].name}</strong> <span className="muted">{sensitivityLabels[p.name].hint}</span>
            <br />
            <span className="setting-help" data-testid={`sensitivity-${p.name}`}>{describeRates(p) ?? `at ${p.threshold.toFixed(2)}`}</span>
          </span>
        </label>
      ))}
      {custom && <p className="setting-help" data-testid="sensitivity-custom">Custom threshold {custom}.</p>}
      {model.heldout.length > 0 && (
        <p className="setting-help">
          Measured on {model.heldout.length} real photos the model was never tuned on ({model.heldoutSource}).
        </p>
      )}
    </div>
  );
}
