import type { Settings } from '../../../shared/review-types.ts';
import { useLibraries } from '../../app/libraries-context.tsx';
import { useSettings } from '../../app/settings-context.tsx';
import { DraftField } from './draft-field.tsx';
import { SensitivityPicker } from './sensitivity-picker.tsx';
import { SidecarWritePanel } from './sidecar-write-panel.tsx';

const ignore = () => {};

function numberIn(min: number, max: number, what: string) {
  return (text: string) => {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) && n >= min && n <= max ? null : `${what} must be between ${min} and ${max}.`;
  };
}

const conventions: { value: Settings['sidecarConvention']; label: string; example: string; tools: string }[] = [
  { value: 'replace-extension', label: 'Replace the extension', example: 'IMG_1234.xmp', tools: 'Lightroom, Capture One' },
  { value: 'append-extension', label: 'Append to the file name', example: 'IMG_1234.CR2.xmp', tools: 'darktable, digiKam' },
];

export function SettingsScreen() {
  const { settings, model, update } = useSettings();
  const { libraries } = useLibraries();
  const save = (patch: Partial<Settings>) => { update(patch).catch(ignore); };

  return (
    <section className="screen settings-screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">Settings</h1>
        <span className="screen-subtitle">Saved as you change them.</span>
      </header>
      {settings === null ? (
        <div className="empty-state" aria-busy="true">Loading settings…</div>
      ) : (
        <div className="settings-body">
          <fieldset className="settings-group">
            <legend>Review</legend>
            <SensitivityPicker model={model} threshold={settings.threshold} onPick={(t) => save({ threshold: t })} />
            <div className="setting">
              <label htmlFor="setting-threshold">Blur threshold</label>
              <DraftField
                id="setting-threshold" type="number" min={0.01} max={0.99} step={0.01} inputMode="decimal" className="narrow"
                value={String(settings.threshold)} validate={numberIn(0.01, 0.99, 'The threshold')}
                onCommit={(t) => save({ threshold: Math.round(Number(t) * 100) / 100 })}
              />
              <p className="setting-help">Photos scoring at or above this are flagged. The sensitivities above and the histogram in Review set the same value.</p>
            </div>
            <div className="setting">
              <label className="switch">
                <input type="checkbox" role="switch" checked={settings.focusOverlay} onChange={(e) => save({ focusOverlay: e.target.checked })} />
                <span className="switch-track" aria-hidden="true" />
                <span>Show the focus map in compare by default</span>
              </label>
              <p className="setting-help">F toggles it while comparing. The camera&rsquo;s AF point is always marked when the photo records one.</p>
            </div>
          </fieldset>

          <fieldset className="settings-group">
            <legend>Analysis</legend>
            <div className="setting">
              <label htmlFor="setting-level">Analysis level</label>
              <select id="setting-level" value={settings.level} onChange={(e) => save({ level: e.target.value as Settings['level'] })}>
                <option value="standard">Standard (2048 px)</option>
                <option value="strict">Strict (4096 px, slower)</option>
              </select>
              <p className="setting-help" data-testid="level-note">Applies to new scans: photos already scored keep their scores until you rescan their library.</p>
            </div>
            <div className="setting">
              <label htmlFor="setting-burst">Burst window</label>
              <span className="with-unit">
                <DraftField
                  id="setting-burst" type="number" min={0.1} max={60} step={0.1} inputMode="decimal" className="narrow"
                  value={String(settings.burstSeconds)} validate={numberIn(0.1, 60, 'The burst window')}
                  onCommit={(t) => save({ burstSeconds: Number(t) })}
                />
                <span className="muted">seconds</span>
              </span>
              <p className="setting-help">Shots of the same scene from one camera this close together are a burst, for compare and &ldquo;Keep sharpest&rdquo;.</p>
            </div>
          </fieldset>

          <fieldset className="settings-group">
            <legend>XMP sidecars</legend>
            <div className="setting" role="radiogroup" aria-labelledby="convention-label">
              <span id="convention-label" className="setting-label">Sidecar file name</span>
              {conventions.map((c) => (
                <label key={c.value} className="radio">
                  <input type="radio" name="sidecar-convention" value={c.value} checked={settings.sidecarConvention === c.value} onChange={() => save({ sidecarConvention: c.value })} />
                  <span>{c.label}: <code>{c.example}</code> <span className="muted">({c.tools})</span></span>
                </label>
              ))}
            </div>
            <div className="setting">
              <label htmlFor="setting-keep-label">Label for kept photos</label>
              <DraftField
                id="setting-keep-label" type="text" list="keep-label-colours" maxLength={40} spellCheck={false} autoComplete="off" className="narrow"
                value={settings.keepLabel} validate={(t) => (t.length <= 40 ? null : 'At most 40 characters.')}
                onCommit={(t) => save({ keepLabel: t.trim() })}
              />
              <datalist id="keep-label-colours">
                {['Red', 'Yellow', 'Green', 'Blue', 'Purple'].map((c) => <option key={c} value={c} />)}
              </datalist>
              <p className="setting-help">Written as <code>xmp:Label</code> on photos you keep; empty for none. Trashed photos are written as rejected (<code>xmp:Rating -1</code>).</p>
            </div>
            <div className="setting">
              <span className="setting-label">Write decisions</span>
              <p className="setting-help">Writes a sidecar next to each decided photo, merging with what is there. The photos themselves are never modified.</p>
              <SidecarWritePanel libraries={libraries ?? []} />
            </div>
          </fieldset>
        </div>
      )}
    </section>
  );
}
