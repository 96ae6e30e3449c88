import { useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc-contract.ts';
import type { LibrarySummary } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { useToasts } from '../../app/toast-context.tsx';
import { baseName, dirName } from '../../format/file-path.ts';
import { plural } from '../../format/format-time.ts';

type Result = ResponseOf<'sidecars:write'>;

/** "Write XMP sidecars": hands keep / trash decisions to Lightroom, darktable, digiKam, Capture One. */
export function SidecarWritePanel({ libraries }: { libraries: LibrarySummary[] }) {
  const client = useClient();
  const { show } = useToasts();
  const [libraryId, setLibraryId] = useState<number | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  async function write() {
    setBusy(true);
    setResult(null);
    try {
      const r = await client.call('sidecars:write', libraryId === undefined ? {} : { libraryId });
      setResult(r);
      if (r.failed.length === 0) show('success', `Wrote ${plural(r.written, 'sidecar')}`);
      else show('error', `${plural(r.failed.length, 'sidecar')} could not be written`, 'See Settings for why.');
    } catch {
      // Reported by the client.
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sidecar-write">
      <div className="setting-row">
        <label htmlFor="sidecar-library">Decisions from</label>
        <select id="sidecar-library" value={libraryId ?? ''} onChange={(e) => setLibraryId(e.target.value === '' ? undefined : Number(e.target.value))}>
          <option value="">All libraries</option>
          {libraries.map((l) => <option key={l.id} value={l.id}>{baseName(l.path)}</option>)}
        </select>
        <button type="button" className="primary" onClick={() => void write()} disabled={busy}>
          {busy ? 'Writing…' : 'Write XMP sidecars'}
        </button>
      </div>
      {result && (
        <div className={`move-report${result.failed.length ? ' has-failures' : ''}`} data-testid="sidecar-report" role="status">
          <div className="move-report-head">
            {result.written === 0 && result.failed.length === 0
              ? 'No decisions to write yet: mark photos keep (K) or trash (X) first.'
              : `Wrote ${plural(result.written, 'sidecar')}.${result.failed.length ? ` ${plural(result.failed.length, 'photo')} failed:` : ''}`}
          </div>
          {result.failed.length > 0 && (
            <ul className="move-failures">
              {result.failed.map((f) => (
                <li key={f.path}>
                  <span className="failure-name" title={f.path}>{baseName(f.path)} <span className="muted">{dirName(f.path)}</span></span>
                  <span className="failure-why">{f.message}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
