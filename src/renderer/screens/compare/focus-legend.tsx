/** What the focus map's colours mean; shown whenever the map is. */
export function FocusLegend() {
  return (
    <div className="focus-legend" data-testid="focus-legend" aria-label="Focus map legend">
      <span className="legend-item"><span className="legend-swatch swatch-sharp" aria-hidden="true" /> sharp</span>
      <span className="legend-item"><span className="legend-swatch swatch-mid" aria-hidden="true" /> soft</span>
      <span className="legend-item"><span className="legend-swatch swatch-blurry" aria-hidden="true" /> blurry</span>
      <span className="legend-item"><span className="legend-swatch swatch-flat" aria-hidden="true" /> too flat to judge (does not count)</span>
      <span className="legend-note">Each tile is the model's blur probability; the photo's score comes from its sharpest textured tiles.</span>
    </div>
  );
}
